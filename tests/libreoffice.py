"""Recalculating workbooks in LibreOffice without a screen, for the tests and the benchmark of
the live Excel export: a call starts LibreOffice once, with a user profile of its own (in the
folder it is given) that makes it recalculate every formula when it opens an .xlsx file, and
saves the results."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path


class LibreOfficeUnavailable(RuntimeError):
    """LibreOffice is not installed (tests then call ``components.unavailable``)."""


RECALC_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""
"""LibreOffice's setting for recalculating OOXML files on load: 0 = always (the default asks
or uses the cached values, and the export has none)."""

TIMEOUT_S = 600


def soffice() -> str:
    """The LibreOffice program (LibreOfficeUnavailable when it is not installed)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and Path("/usr/bin/soffice").exists():
        found = "/usr/bin/soffice"
    if found is None:
        raise LibreOfficeUnavailable(
            "LibreOffice (soffice) ontbreekt: installeer libreoffice-calc-nogui"
        )
    return found


def recalculate(files: Path | Sequence[Path], workdir: Path) -> list[Path]:
    """Open ``files`` in one LibreOffice run, recalculate them and save them as .xlsx in
    ``workdir/recalculated``; returns the saved files in the order of ``files`` (their names
    must differ). The profile in ``workdir/profile`` is made on the first call and reused."""
    files = [files] if isinstance(files, Path) else list(files)
    profile = workdir / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ON_LOAD, encoding="utf-8")
    out = workdir / "recalculated"
    command = [
        soffice(),
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *(str(f) for f in files),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    saved = [out / Path(f).name for f in files]
    missing = [p.name for p in saved if not p.exists()]
    if done.returncode != 0 or missing:
        raise AssertionError(
            f"LibreOffice kon niet herberekenen (code {done.returncode}, ontbreekt: {missing}):"
            f"\n{done.stdout}\n{done.stderr}"
        )
    return saved
