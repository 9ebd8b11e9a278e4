"""Packaging: the wheel users install, and the Makefile that builds the project's own .venv."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import pipeline
from conftest import ROOT, build, simple_doc


def make_plan(folder: Path, python: Path | None) -> str:
    """What `make setup` would do (`make -n`) in a copy of the project whose .venv is up to
    date with pyproject.toml and has `python` as its interpreter (None: missing)."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, folder / name)
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    if python is not None:
        (bin_dir / "python").symlink_to(python)
    (bin_dir / "pipeline").touch()
    later = (folder / "pyproject.toml").stat().st_mtime + 60
    os.utime(bin_dir / "pipeline", (later, later))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    proc = subprocess.run(["make", "--no-print-directory", "-n", "setup"], cwd=folder, capture_output=True,
                          text=True, env=env, check=True)
    return proc.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_rebuilds_a_venv_whose_python_is_gone_or_too_old(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    assert "Nothing to be done" in make_plan(good, Path(sys.executable))  # up to date
    gone = tmp_path / "gone"
    gone.mkdir()
    plan = make_plan(gone, tmp_path / "removed" / "python3.10")  # e.g. a pyenv version deleted
    assert "rm -rf .venv" in plan and "-m venv .venv" in plan
    old = tmp_path / "old"
    old.mkdir()
    fake = tmp_path / "python3.9"
    fake.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import sys; sys.version_info = (3, 9, 18, \"final\", 0); "
                    "exec(sys.argv[1])' \"$2\"\n")
    fake.chmod(0o755)
    plan = make_plan(old, fake)
    assert "rm -rf .venv" in plan and "-m venv .venv" in plan


def test_makefile_and_pyproject_agree_on_the_oldest_python() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    oldest = re.search(r"^MIN_PYTHON := (\S+)$", makefile, re.M)
    required = re.search(r'^requires-python = ">=(\S+)"', pyproject, re.M)
    assert oldest and required and oldest.group(1) == required.group(1)


def test_the_wheel_installs_a_working_command_and_api(tmp_path: Path) -> None:
    source = tmp_path / "source"  # built from a copy: the checkout stays untouched
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "pipeline", source / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(f"{info}/METADATA").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert wheel.name.startswith("budgetkontrol-")
    assert "Name: budgetkontrol" in metadata and "License-Expression: MIT" in metadata
    assert f"{info}/licenses/LICENSE" in names
    assert re.search(r"^pipeline = pipeline\.cli:main$", entry_points, re.M)
    assert {n.split("/")[0] for n in names} == {"pipeline", info}  # no generator, tests or tools
    assert {f"pipeline/{p.name}" for p in (ROOT / "pipeline").glob("*.py")} <= names

    # Installed as a user would (not editable), used from another folder.
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    build(simple_doc(), elsewhere / "forslag.pdf")
    env = dict(os.environ, PYTHONPATH=str(site))
    version = subprocess.run([str(site / "bin" / "pipeline"), "--version"], cwd=elsewhere, env=env,
                             capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"pipeline {pipeline.__version__}"
    code = ("import pipeline; r = pipeline.check('forslag.pdf', second_reader=False); "
            "print(pipeline.__file__); print(r)")
    api = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True,
                         check=True)
    where, shown = api.stdout.splitlines()
    assert Path(where).is_relative_to(site)
    assert shown.startswith("<Resultat 1 dokument: 1 i orden")  # in the run's language, Danish by default
