"""Keep the translations in step with the code: extract, update and compile every catalogue.

Each feature package that has a `translations/` folder owns the strings of its code and of
`templates/<feature>/`; everything else belongs to the core catalogue in
`mpp_lite/translations/`. Indonesian (id) is the default language and must be complete.

    python3 scripts/i18n.py            extract + update + compile all catalogues
    python3 scripts/i18n.py --compile  compile only (after editing a .po file)
    python3 scripts/i18n.py --check    list untranslated or fuzzy Indonesian messages (exit 1)
    python3 scripts/i18n.py queue      only the queue feature's catalogue ("core" for the core one)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mpp_lite"
TEMPLATES = ROOT / "templates"
LOCALES = ("id", "en")


def domains() -> dict[Path, list[Path]]:
    """Map each translations folder to the source paths whose strings it holds."""
    features = sorted(p.parent for p in PACKAGE.glob("*/translations") if p.is_dir())
    result: dict[Path, list[Path]] = {}
    core_sources: list[Path] = [p for p in PACKAGE.glob("*.py")]
    for child in sorted(PACKAGE.iterdir()):
        if child.is_dir() and child.name not in ("translations", "migrations", "__pycache__") and child not in features:
            core_sources.append(child)
    for child in sorted(TEMPLATES.iterdir()):
        if child.is_file() or (PACKAGE / child.name) not in features:
            core_sources.append(child)
    result[PACKAGE / "translations"] = core_sources
    for feature in features:
        sources = [feature]
        if (TEMPLATES / feature.name).is_dir():
            sources.append(TEMPLATES / feature.name)
        result[feature / "translations"] = sources
    return result


def pybabel(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"pybabel {args[0]} failed:\n{done.stderr}")


def extract_and_update(folder: Path, sources: list[Path]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        pybabel(
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "--sort-output",
            "--project",
            "MPP Lite",
            "-o",
            str(pot),
            *[str(s.relative_to(ROOT)) for s in sources],
        )
        for locale in LOCALES:
            po = folder / locale / "LC_MESSAGES" / "messages.po"
            if po.exists():
                pybabel(
                    "update",
                    "-i",
                    str(pot),
                    "-d",
                    str(folder),
                    "-l",
                    locale,
                    "--no-fuzzy-matching",
                    "--ignore-obsolete",
                )
            else:
                pybabel("init", "-i", str(pot), "-d", str(folder), "-l", locale)


def compile_all(folders) -> None:
    for folder in folders:
        for locale in LOCALES:
            if (folder / locale / "LC_MESSAGES" / "messages.po").exists():
                pybabel("compile", "-d", str(folder), "-l", locale, "--use-fuzzy")


def problems() -> list[str]:
    from babel.messages.pofile import read_po

    found = []
    for folder in domains():
        po = folder / "id" / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            found.append(f"{po.relative_to(ROOT)}: missing")
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            if not all(strings) or message.fuzzy:
                ident = message.id if isinstance(message.id, str) else message.id[0]
                found.append(f"{po.relative_to(ROOT)}: {'fuzzy' if message.fuzzy else 'untranslated'}: {ident!r}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compile", action="store_true", help="compile only")
    parser.add_argument("--check", action="store_true", help="report untranslated Indonesian messages")
    parser.add_argument("only", nargs="*", help="feature names to process (e.g. queue); 'core' for the core catalogue")
    args = parser.parse_args()
    if args.check:
        found = problems()
        print("\n".join(found) or "All Indonesian messages are translated.")
        return 1 if found else 0
    chosen = {
        folder: sources
        for folder, sources in domains().items()
        if not args.only
        or (folder.parent.name if folder.parent != PACKAGE else "core") in args.only
        or (folder.parent == PACKAGE and "core" in args.only)
    }
    if not args.compile:
        for folder, sources in chosen.items():
            extract_and_update(folder, sources)
    compile_all(chosen)
    left = problems()
    print(f"{len(chosen)} catalogues compiled; {len(left)} Indonesian messages need a translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
