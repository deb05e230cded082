"""Command line for the coaching loop: ``simulator coach share|show|reply|import|report|reflect``.

Parsing and error translation only; the work is in ``simulator.coaching`` (see docs/coaching.md).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from simulator.errors import UsageError


def add_coach(sub):
    p = sub.add_parser("coach", help="share attempts with a coach, reply as a coach, import replies, team report",
                       description="The coaching loop, file-based (see docs/coaching.md). A rep writes a coaching file "
                       "with 'share'; the coach reads files with 'show', writes a reply per rep with 'reply' and a team "
                       "report with 'report'; the rep imports replies with 'import'. Exit 0, or 1 when a file was rejected.")
    cs = p.add_subparsers(dest="coach_command", metavar="ACTION", required=True)

    s = cs.add_parser("share", help="write a coaching file of your attempts for your coach",
                      description="Write the chosen completed attempts of one profile (default: everything finished since "
                      "the last share) with their reflections to a coaching file. Nothing of any other profile is included.")
    s.add_argument("--out", metavar="FILE", type=Path, help="the coaching file to write")
    s.add_argument("--profile", metavar="NAME", help="the profile to share (needed when there are several)")
    s.add_argument("--attempt", metavar="ID", action="append", help="share this attempt (uuid or its first 8+ characters; repeatable)")
    s.add_argument("--all", action="store_true", help="share every completed attempt")
    s.add_argument("--list", action="store_true", help="only list the attempts that can be shared")

    sh = cs.add_parser("show", help="list the reps and attempts in coaching files (coach)",
                       description="Read coaching files and leaderboard exports; list each rep with their attempts "
                       "(short id, scenario, total, verification) and, with --attempt, that attempt's decisions.")
    sh.add_argument("files", nargs="+", metavar="FILE", type=Path)
    sh.add_argument("--attempt", metavar="ID", help="show this attempt's decisions and the rep's reflection")

    r = cs.add_parser("reply", help="write a reply file for one rep (coach)",
                      description="Write a reply for the rep of the given coaching files: comments on decisions, an "
                      "overall note per attempt, a focus competency and assignments. Decisions are numbered from 1, "
                      "as in the debrief.")
    r.add_argument("files", nargs="+", metavar="FILE", type=Path, help="the rep's coaching files")
    r.add_argument("--coach", metavar="NAME", required=True, help="your name as the rep will see it")
    r.add_argument("--out", metavar="FILE", type=Path, required=True, help="the reply file to write")
    r.add_argument("--rep", metavar="NAME", help="the rep to reply to (needed when the files hold several)")
    r.add_argument("--comment", metavar=("ATTEMPT", "DECISION", "TEXT"), nargs=3, action="append", default=[],
                   help="a comment on decision DECISION (1, 2, ...) of ATTEMPT (repeatable)")
    r.add_argument("--note", metavar=("ATTEMPT", "TEXT"), nargs=2, action="append", default=[],
                   help="an overall note on ATTEMPT (repeatable)")
    r.add_argument("--focus", metavar="COMPETENCY", help="the competency to focus on (e.g. tailoring)")
    r.add_argument("--assign", metavar=("SCENARIO", "DUE", "NOTE"), nargs=3, action="append", default=[],
                   help="assign a scenario id, due YYYY-MM-DD (or '-' for none), with a note (repeatable)")

    i = cs.add_parser("import", help="import your coach's reply files (rep)",
                      description="Add the comments, assignments and focus of reply files to the progress database. "
                      "Importing a file twice, or files in any order, gives the same result; nothing else changes.")
    i.add_argument("files", nargs="+", metavar="FILE", type=Path)
    i.add_argument("--profile", metavar="NAME", help="the profile the replies are for (default: the one the reply names)")

    rp = cs.add_parser("report", help="team insight from coaching files and leaderboard exports (coach)",
                       description="Heatmap of reps x components, each rep's trend, item analysis per scenario decision "
                       "and where the team loses deals; printed, or written with --out as HTML or CSV.")
    rp.add_argument("files", nargs="+", metavar="FILE", type=Path)
    rp.add_argument("--out", metavar="FILE", type=Path, help="write FILE.html or FILE.csv")

    rf = cs.add_parser("reflect", help="write your reflection on an attempt (rep)",
                       description="Save the answers to 'What would you do differently?' and 'What did the buyer really "
                       "need?' with one of your attempts (replacing earlier answers).")
    rf.add_argument("attempt", metavar="ATTEMPT", help="the attempt (uuid or its first 8+ characters)")
    rf.add_argument("--profile", metavar="NAME")
    rf.add_argument("--differently", metavar="TEXT", default="", help="what you would do differently")
    rf.add_argument("--buyer-needed", metavar="TEXT", default="", help="what the buyer really needed")
    from simulator.cli import _common_options

    for action in (s, sh, r, i, rp, rf):  # --db, --library and --debug after the action too
        _common_options(action, suppress=True)
    return p


def _match(ident: str, uuids, what: str = "attempt") -> str:
    ident = ident.strip().lower()
    found = [u for u in uuids if u == ident] or [u for u in uuids if len(ident) >= 4 and u.startswith(ident)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(f"no {what} '{ident}' here; list them with 'simulator coach show FILE' or 'coach share --list'")
    raise UsageError(f"'{ident}' matches {len(found)} {what}s; give more characters")


def _print_problems(problems) -> None:
    for line in problems:
        print(line, file=sys.stderr)


def cmd_coach(args) -> int:
    return {"share": _share, "show": _show, "reply": _reply, "import": _import, "report": _report,
            "reflect": _reflect}[args.coach_command](args)


def _share(args) -> int:
    from simulator.coaching.share import default_selection, shareable, write_share
    from simulator.leaderboard import pick_profile
    from simulator.storage import open_existing

    if not args.list and args.out is None:
        raise UsageError("give --out FILE (or --list to see what can be shared)")
    if args.out is not None:
        from simulator.safe_write import check_output

        check_output(args.out, protected=[args.db])
    with open_existing(args.db) as store:
        profile = pick_profile(store, args.profile)
        items = shareable(store, profile)
        if args.list:
            default = set(default_selection(store, profile))
            for x in items:
                total = "—" if x["total"] is None else f"{x['total']:.1f}"
                tag = "  [new: shared by default]" if x["uuid"] in default else ("  [shared before]" if x["shared"] else "")
                print(f"{x['uuid'][:8]}  {x['finished'][:16].replace('T', ' ')}  {total:>5}  {x['title']}{tag}")
            print(f"{len(items)} completed attempt(s); {len(default)} new since the last share")
            return 0
        if args.all:
            chosen = [x["uuid"] for x in items]
        elif args.attempt:
            chosen = [_match(a, [x["uuid"] for x in items]) for a in args.attempt]
        else:
            chosen = None
        doc = write_share(args.out, store, profile, chosen)
    n = len(doc["attempts"])
    print(f"wrote {args.out}: {n} attempt(s) of {doc['rep']['name']}" + ("" if n else " (nothing new since the last share; "
                                                                          "use --all to share everything)"))
    return 0


def _team(args):
    from simulator.coaching.team import team_from_paths
    from simulator.leaderboard import local_scenarios

    team = team_from_paths(args.files, local_scenarios(args.library))
    _print_problems(team.problems)
    return team


def _show(args) -> int:
    from simulator.leaderboard.verify import _fmt

    team = _team(args)
    if args.attempt:
        everything = {a.entry.uuid: (r, a) for r in team.reps for a in r.attempts}
        rep, a = everything[_match(args.attempt, sorted(everything))]
        e = a.entry
        print(f"{rep.name} ({rep.team or 'no team'}) — {team.title(e)} v{e.scenario_version}, finished {e.finished}: "
              f"total {_fmt(e.total)} [{a.status}]")
        card = team.verifier.card(e)
        for n, opt in enumerate(e.choices, 1):
            line = f"  {n}. {opt}"
            if card is not None and n <= len(card.decisions):
                d = card.decisions[n - 1]
                line += f" — {d.option_text}  [{d.verdict}" + (f", regret {d.regret:.0f}]" if d.regret > 1e-9 else "]")
            print(line)
        refl = team.reflections.get(e.uuid)
        if refl is not None:
            print(f"  What would you do differently? {refl.differently or '—'}")
            print(f"  What did the buyer really need? {refl.buyer_needed or '—'}")
        return 1 if team.problems else 0
    for rep in team.reps:
        last = rep.latest.entry.finished[:16].replace("T", " ") if rep.latest else "—"
        print(f"{rep.name} ({rep.team or 'no team'}): {len(rep.attempts)} attempt(s), latest {last}")
        for a in rep.attempts:
            e = a.entry
            note = " · reflection" if e.uuid in team.reflections else ""
            print(f"  {e.uuid[:8]}  {e.finished[:16].replace('T', ' ')}  {_fmt(e.total):>5}  {team.title(e)}  [{a.status}]{note}")
    if not team.reps:
        print("no reps: no file could be read" if team.problems else "no attempts in these files")
    return 1 if team.problems else 0


def _reply(args) -> int:
    from simulator.coaching.reply import ReplyDraft, write_reply
    from simulator.safe_write import check_output

    check_output(args.out, protected=[*args.files, args.db])
    team = _team(args)
    if not team.reps:
        raise UsageError("no rep's attempts could be read from these files; nothing to reply to")
    if args.rep:
        wanted = " ".join(args.rep.split()).casefold()
        reps = [r for r in team.reps if r.name.casefold() == wanted]
        if not reps:
            raise UsageError(f"no rep named '{args.rep}' in these files (reps: {', '.join(r.name for r in team.reps)})")
    else:
        reps = team.reps
    if len(reps) > 1:
        raise UsageError(f"these files hold {len(reps)} reps ({', '.join(r.name for r in reps)}); choose one with --rep NAME")
    rep = reps[0]
    mine = {a.entry.uuid: a for a in rep.attempts}
    draft = ReplyDraft(args.coach, rep.name, rep.team)
    for att, num, text in args.comment:
        u = _match(att, sorted(mine))
        try:
            n = int(num)
        except ValueError:
            raise UsageError(f"--comment {att} {num}: DECISION is a number (1, 2, ...)") from None
        count = len(mine[u].entry.choices)
        if not 1 <= n <= count:
            raise UsageError(f"--comment {att} {num}: that attempt has decisions 1 to {count}")
        draft.comment(u, n - 1, text)
    for att, text in args.note:
        draft.comment(_match(att, sorted(mine)), None, text)
    titles = {a.entry.scenario_id: team.title(a.entry) for r in team.reps for a in r.attempts}
    from simulator.leaderboard import STANDARD_COMPETENCIES, local_scenarios

    known = set(STANDARD_COMPETENCIES) | {c for r in team.reps for a in r.attempts for c, _v in a.entry.scores}
    for s in local_scenarios(args.library):
        titles.setdefault(s.id, s.title)
        known.update(s.competencies)
    known -= {"judgment", "outcome", "calibration"}
    if args.focus:
        focus = args.focus.strip().lower()
        if focus not in known:
            raise UsageError(f"--focus {args.focus}: not a competency here; choose one of {', '.join(sorted(known))}")
        draft.set_focus(focus)
    for sid, due, note in args.assign:
        if sid not in titles:
            raise UsageError(f"--assign {sid}: no scenario with that id here or in the files (add --library DIR)")
        when = None
        if due not in ("-", ""):
            try:
                when = date.fromisoformat(due)
            except ValueError:
                raise UsageError(f"--assign {sid} {due}: write the due date as YYYY-MM-DD (or '-')") from None
        draft.assign(sid, titles[sid], when, note, args.focus.strip().lower() if args.focus else None)
    if draft.empty:
        raise UsageError("the reply would be empty; add --comment, --note, --focus or --assign")
    doc = draft.document()
    write_reply(args.out, doc, protected=[*args.files, args.db])
    print(f"wrote {args.out}: for {rep.name}: {len(doc['comments'])} comment(s), {len(doc['assignments'])} assignment(s)"
          + (f", focus {doc['focus']['competency']}" if doc["focus"] else ""))
    return 1 if team.problems else 0


def _import(args) -> int:
    from simulator.coaching.reply import import_replies
    from simulator.leaderboard import pick_profile
    from simulator.storage import open_existing

    with open_existing(args.db) as store:
        profile = pick_profile(store, args.profile) if args.profile else None
        result = import_replies(store, args.files, profile)
    _print_problems(result.problems)
    for line in result.notes:
        print(line)
    if result.imported:
        print(result.summary())
    elif result.problems:
        print("simulator: error: no reply could be imported", file=sys.stderr)
    return 1 if result.problems else 0


def _report(args) -> int:
    from simulator.coaching.insight import insight

    if args.out is not None:
        if args.out.suffix.lower() not in (".csv", ".html", ".htm"):
            raise UsageError(f"--out {args.out}: use a name ending in .html or .csv")
        from simulator.safe_write import check_output

        check_output(args.out, protected=args.files)
    team = _team(args)
    if not team.reps and team.problems:
        print("simulator: error: no file could be read; no report written", file=sys.stderr)
        return 1
    ins = insight(team)
    if args.out is None:
        print(f"{len(ins.reps)} rep(s); item analysis over {ins.analysed} first attempt(s)")
        print("Where the team loses deals (total regret):")
        for n, it in enumerate(ins.losses, 1):
            cost = f" — costliest: {it.costliest.option}" if it.costliest else ""
            print(f"  {n}. {it.title} / {it.node}: {it.total_regret:.1f} (mean {it.mean_regret:.1f}){cost}")
        if not ins.losses:
            print("  nothing lost in the attempts replayed here")
    else:
        from simulator.coaching.report_html import write_report

        write_report(ins, args.out, protected=args.files, files=len(team.files), problems=len(team.problems))
        print(f"wrote {args.out}: {len(ins.reps)} rep(s), {len(ins.items)} decision(s) analysed")
    return 1 if team.problems else 0


def _reflect(args) -> int:
    from simulator.coaching.store import save_reflection
    from simulator.leaderboard import pick_profile
    from simulator.storage import open_existing

    with open_existing(args.db) as store:
        profile = pick_profile(store, args.profile)
        uuids = [a.uuid for a in store.history(profile) if a.status == "completed"]
        u = _match(args.attempt, uuids)
        save_reflection(store, u, args.differently, args.buyer_needed)
    print(f"saved the reflection on attempt {u[:8]}")
    return 0
