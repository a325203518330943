"""The ``--per-person`` folder's manifest: which packets this tool wrote there, so that a later run with
``--force`` removes the packets of people no longer in the plan, and never any other file."""

from __future__ import annotations

import os
import re
import stat
from contextlib import suppress
from pathlib import Path

from workbook.output import write_files

MANIFEST = ".workbook-packets"  # one packet file name a line, as the last run wrote them
_PACKET_NAME = re.compile(r"\d{2,3}-[\w-]{1,40}\.pdf")  # what packet_file_name makes; nothing else is touched
_HEADER = "# Packets written here by 'workbook build --per-person'; the next run with --force removes the ones\n" \
          "# it does not write again. Delete this file and no packet will be removed.\n"


def earlier_packets(folder: Path) -> list[str]:
    """The packet names the manifest in ``folder`` lists (an unreadable or odd manifest lists none)."""
    try:
        with open(folder / MANIFEST, encoding="utf-8") as handle:
            lines = handle.read(1_000_000).splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in lines if _PACKET_NAME.fullmatch(line)]


def stale_packets(folder: Path, written: list[str]) -> list[Path]:
    """Packets an earlier run wrote in ``folder`` that this run does not write, still there as regular files."""
    stale = []
    for name in dict.fromkeys(earlier_packets(folder)):
        if name in written:
            continue
        with suppress(OSError):
            if stat.S_ISREG(os.lstat(folder / name).st_mode):
                stale.append(folder / name)
    return stale


def remove_stale(folder: Path, written: list[str]) -> list[Path]:
    """Remove the stale packets (see :func:`stale_packets`); return those removed."""
    removed = []
    for path in stale_packets(folder, written):
        with suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def write_manifest(folder: Path, written: list[str], kept: list[Path]) -> None:
    """Record this run's packets, and the earlier ones left in place (without --force), in the manifest."""
    names = [*written, *(path.name for path in kept)]
    write_files([(folder / MANIFEST, (_HEADER + "".join(f"{n}\n" for n in names)).encode("utf-8"))], force=True)
