"""Issue 19, item 4: the nightly's change keys cannot collide with any file name (JSON, not
fields joined with "|"), and a corrected finding is named by the title it had when found.
A real SMTP server on loopback."""
from __future__ import annotations

import dataclasses
import sqlite3

from mailserver import Server, env_for, free_port, text_of

from conftest import run_cli
from pdfgen.samples import FORLOEB
from pdfgen.synth import build_pdf
from pipeline.errors import ExitCode
from pipeline.notify.changes import identity_of_old
from pipeline.notify.state import State

OLD_TITLE = "Forløbsprogram for unge på midlertidigt botilbud"
NEW_TITLE = "Helt nyt forslag om noget andet"


def nightly(folder, out, env):
    return run_cli("nightly", folder, "--out", out, "--jobs", "1", "--no-second-reader", "--no-validate",
                   "--no-reports", env=env)


def corrected_and_renamed():
    table = next(b for b in FORLOEB.blocks if hasattr(b, "rows"))
    rows = [dataclasses.replace(r, values=[2725, 5447, -562, -6885, -10480, -11960])
            if r.label == "Samlet økonomisk påvirkning" else r for r in table.rows]
    blocks = [dataclasses.replace(b, rows=rows) if b is table else b for b in FORLOEB.blocks]
    return dataclasses.replace(FORLOEB, blocks=blocks, title=NEW_TITLE)


def test_a_bar_in_a_file_name_keeps_its_title_and_a_correction_is_not_a_removal(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    name = "Budget | Skole.pdf"
    build_pdf(FORLOEB, folder / name)
    with Server(port) as inbox:
        assert nightly(folder, out, env_for(port)).returncode == ExitCode.FINDINGS
        first = text_of(inbox.messages[0])
        assert f"  - {name}, Forslag 1: {OLD_TITLE}, tabel 1: Samlet økonomisk påvirkning 2030" in first
        build_pdf(corrected_and_renamed(), folder / name)
        nightly(folder, out, env_for(port))
        assert len(inbox.messages) == 2
        second, subject = text_of(inbox.messages[1]), inbox.messages[1]["Subject"]
    assert "Fjernet fra mappen" not in second and "fjernet" not in subject, subject + second
    assert "Rettet siden sidste rapport" in second
    # the finding that is gone is named by the title its proposal had when it was found
    assert f"  - {name}, Forslag 1: {OLD_TITLE}, tabel 1: Samlet økonomisk påvirkning 2030" in second
    assert NEW_TITLE not in second


def test_identities_of_the_first_layout_are_converted_when_the_state_is_opened(tmp_path):
    old = "finding|Budget | Skole.pdf|grand-total|p1-t1|12|Samlet | netto|2030"
    assert identity_of_old(old) == '["finding","Budget | Skole.pdf","grand-total","p1-t1",12,"Samlet | netto","2030"]'
    narrative = '["finding","a.pdf","narrative","",null,"I alt",""]'
    assert identity_of_old("finding|a.pdf|narrative||None|I alt|") == narrative
    assert identity_of_old("error|Budget | Skole.pdf") == '["error","Budget | Skole.pdf"]'
    State(tmp_path / "state.sqlite").close()
    db = sqlite3.connect(tmp_path / "state.sqlite")
    db.executemany("INSERT INTO told VALUES ('*', ?, '{}')", [(old,), ("error|x.pdf",), ("nonsense",)])
    db.commit()
    db.close()
    State(tmp_path / "state.sqlite").close()
    db = sqlite3.connect(tmp_path / "state.sqlite")
    assert sorted(i for (i,) in db.execute("SELECT identity FROM told")) == [
        '["error","x.pdf"]', '["finding","Budget | Skole.pdf","grand-total","p1-t1",12,"Samlet | netto","2030"]']
