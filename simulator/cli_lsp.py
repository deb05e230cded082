"""Command line for authoring tools: ``simulator lsp`` (the language server, over stdio) and
``simulator avatar`` (a generated portrait). Parsing and error translation only; the work is in
``simulator.lsp`` and ``simulator.avatar``.
"""

from __future__ import annotations

from pathlib import Path

from simulator.errors import UsageError


def add_lsp(sub):
    p = sub.add_parser("lsp", help="run the language server (for editors) over stdio",
                       description="Run the scenario language server on standard input and output: diagnostics "
                       "as 'simulator validate' prints them (while you type), completion, hover, go to definition, "
                       "outline and rename. Editors start it themselves; see docs/editors.md.")
    p.add_argument("--stdio", action="store_true", help="accepted for editors that pass it (stdio is the only transport)")
    p.add_argument("--debounce", metavar="SECONDS", type=float, default=0.3,
                   help="wait this long after the last change before checking (default: 0.3)")
    return p


def cmd_lsp(args) -> int:
    if not 0 <= args.debounce <= 10:
        raise UsageError("--debounce must be between 0 and 10 seconds")
    try:
        from simulator.lsp.server import serve
    except ImportError as exc:  # pragma: no cover - pygls is a dependency; a broken install says so
        raise UsageError(f"the language server needs pygls ({exc}); install it: pip install 'pygls>=2,<3'") from None
    serve(debounce=args.debounce)
    return 0


def add_avatar(sub):
    p = sub.add_parser("avatar", help="write a generated portrait (SVG) for a person in a scenario",
                       description="Write a head-and-shoulders portrait in the bundled avatars' style to a new SVG file. "
                       "The same name and seed always give the same picture; try another --seed for another face. "
                       "Never overwrites a file. Exit 0, 1 if the file exists, 2 on a usage error.")
    p.add_argument("name", metavar="NAME", help="the person's name, e.g. \"Nina Kowalski\"")
    p.add_argument("--out", metavar="FILE", type=Path, required=True, help="the .svg file to create (its folder must exist)")
    p.add_argument("--seed", metavar="N", type=int, default=0, help="another face for the same name (default: 0)")
    return p


def cmd_avatar(args) -> int:
    from simulator.avatar import write_portrait

    out = write_portrait(args.name, args.out, args.seed)
    print(f"wrote {out}; use it in a scenario as  avatar: {out.name if out.parent == Path('.') else out.as_posix()}"
          " (a path relative to the scenario file)")
    return 0
