"""Fixtures: the tests build their own PDFs with pdfgen.synth and reportlab."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pdfgen.samples import SAMPLES
from pdfgen.synth import SynthDoc, SynthRow, SynthTable, build_pdf

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_TIMEOUT = 600  # seconds per document for the runs over ../shared (the default, 120, is for production)


def build(doc: SynthDoc, path: Path):
    return build_pdf(doc, path)


def simple_doc(rows=None, **table) -> SynthDoc:
    rows = rows or [
        SynthRow("Varige ændringer", role="section"),
        SynthRow("Besparelse på køb af pladser", [-500, -1000, -1000]),
        SynthRow("Drift af nyt team", [200, 400, 400]),
        SynthRow("Samlet varig ændring", [-300, -600, -600], role="total"),
    ]
    spec = dict(title="Tabel 1. Forslagets samlede økonomiske konsekvenser", unit="1.000 kr.",
                price_base="2027 p/l", columns=["2027", "2028", "2029"], rows=rows)
    spec.update(table)
    return SynthDoc(title="Et forslag", blocks=["Forslaget handler om et nyt team.", SynthTable(**spec)])


def encrypted_pdf(path: Path, user_password: str, owner_password: str = "owner") -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    enc = StandardEncryption(user_password, ownerPassword=owner_password, canPrint=1, canCopy=0)
    c = canvas.Canvas(str(path), encrypt=enc, invariant=1)
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Fortroligt budgetforslag 2027 2028")
    c.showPage()
    c.save()


def scanned_pdf(path: Path) -> None:
    """A page that is only a picture of text: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 300), 255)
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), "Samlet varig aendring  -5.090  -10.180", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    c = canvas.Canvas(str(path), invariant=1)
    c.drawImage(ImageReader(buf), 72, 400, width=450, height=225)
    c.showPage()
    c.save()


def bad_inputs(folder: Path) -> dict[str, str]:
    """One file per contract error code; returns name -> expected code."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.pdf").write_text("Referat af mødet i økonomiudvalget.\n", encoding="utf-8")
    good = folder / ".good.tmp"
    build(simple_doc(), good)
    data = good.read_bytes()
    good.unlink()
    (folder / "truncated.pdf").write_bytes(data[: int(len(data) * 0.55)])
    encrypted_pdf(folder / "locked.pdf", user_password="hemmelig")
    scanned_pdf(folder / "scan.pdf")
    return {"empty.pdf": "empty", "notes.pdf": "not-pdf", "truncated.pdf": "corrupt",
            "locked.pdf": "encrypted", "scan.pdf": "no-text-layer"}


def cli_command() -> list[str]:
    exe = Path(sys.executable).with_name("pipeline")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline"]


def run_cli(*args, cwd=None, timeout=300, env=None) -> subprocess.CompletedProcess:
    cmd = cli_command()
    env = dict(os.environ if env is None else env, PYTHONUNBUFFERED="1")
    return subprocess.run(cmd + [str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


GX_PROBE = ("import sys; from pipeline.cli import main; code = main(sys.argv[1:]); "
            "print('great_expectations loaded:', 'great_expectations' in sys.modules, file=sys.stderr); sys.exit(code)")


def run_probed(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    """The real command in a subprocess, telling at its end (on standard error) whether Great
    Expectations was imported."""
    return subprocess.run([sys.executable, "-c", GX_PROBE, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """`pipeline run` over the shared corpus with everything on (validation, reports), once
    per session: its output folder and the finished process.  Only for tests marked corpus."""
    out = tmp_path_factory.mktemp("corpus_out")
    # a document limit a busy machine keeps: the outcome must not depend on how fast the machine is
    return out, run_cli("run", CORPUS, "--out", out, "--timeout", str(CORPUS_TIMEOUT), timeout=1800)


@pytest.fixture(scope="session")
def sample_folder(tmp_path_factory) -> Path:
    """The sample proposals, built fresh, plus every kind of bad input in a subfolder."""
    folder = tmp_path_factory.mktemp("proposals")
    for name, doc in SAMPLES.items():
        build(doc, folder / name)
    bad_inputs(folder / "bad")
    return folder
