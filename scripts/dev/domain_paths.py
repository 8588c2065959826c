#!/usr/bin/env python3
"""domain_paths.py: rewrite the old flat `src/domain` paths to the foldered ones.

`src/domain` was one flat folder (`crate::domain::ledger::CounterTransfer`); it is now
grouped by concept (`crate::domain::events::transfer::CounterTransfer`), see the
folder order in `src/domain/mod.rs`. This tool brings code written against the old
paths up to date, driven by two tables below: MODULES (old module -> new module) and
MOVED (an item that left its old module -> the module it lives in now).

    python3 scripts/dev/domain_paths.py src/ui src/store src/lib.rs tests
    python3 scripts/dev/domain_paths.py --check src/ui      # list what would change, exit 1 if any

What it rewrites, in .rs files (and `src/domain/<old>.rs` file names in .md files):
  * `crate::domain::…`, `incident_desk::domain::…`, `$crate::domain::…` and a bare
    `domain::…` (after `use crate::domain;`, or in a comment): plain paths, and
    brace groups however nested (`crate::domain::{money::Fen, ledger::{Ledger, Stage}}`),
    each leaf sent where it now lives;
  * `M::item` where a file binds the old module `M` itself (`use crate::domain::M;` or
    `M::{self, …}`) and `item` has moved out of `M`: written as a full path.
Root re-exports (`crate::domain::{Event, Incident}`) are left as they are.

It is idempotent: no new folder is named like an old module, so a rewritten path is
never rewritten again, and a text without old paths is left byte for byte.
"""

import argparse
import os
import re
import sys

# Old flat module -> its module now.
MODULES = {
    "account": "business::account",
    "agenda": "incidents::agenda",
    "backup": "files::backup",
    "calendar": "base::calendar",
    "classification": "incidents::classification",
    "closeout": "incidents::closeout",
    "contacts": "business::contacts",
    "counterparty": "business::counterparty",
    "csv": "base::csv",
    "docx": "reports::docx",
    "draft": "incidents::draft",
    "drill": "drills::drill",
    "event": "events::event",
    "exchange_funds": "business::exchange_funds",
    "facts": "events::facts",
    "file_kind": "base::file_kind",
    "fixtures": "events::fixtures",
    "i18n": "base::i18n",
    "incident": "incidents::incident",
    "integrity": "incidents::integrity",
    "ledger": "business::ledger",
    "level": "base::level",
    "migrate": "files::migrate",
    "money": "base::money",
    "obligation": "incidents::obligation",
    "packet": "files::packet",
    "plan": "plans::plan",
    "plan_edit": "plans::plan_edit",
    "plan_library": "plans::plan_library",
    "plan_pack": "plans::plan_pack",
    "playbook": "plans::playbook",
    "reconcile": "business::reconcile",
    "record_summary": "reports::record_summary",
    "report": "reports::report",
    "saving": "files::saving",
    "seal": "base::seal",
    "stats": "reports::stats",
    "text": "base::text",
    "text_fit": "base::text_fit",
    "time": "base::time",
    "timeline_chart": "reports::timeline_chart",
    "workstation": "base::workstation",
}

# (old module, item) -> the module the item lives in now, for items that left
# their old module (a payload type moved down to `events`, a file split in two).
MOVED = {
    # Payloads of `EventKind`, moved down so the log imports only `base`.
    ("classification", "Rule"): "events::rule",
    ("drill", "DrillSetup"): "events::drill_setup",
    ("ledger", "TransferDirection"): "events::transfer",
    ("ledger", "CounterTransfer"): "events::transfer",
    ("ledger", "Stage"): "events::transfer",
    ("reconcile", "Confirmation"): "events::transfer",
    ("exchange_funds", "MovementDirection"): "events::movement",
    ("exchange_funds", "MovementMode"): "events::movement",
    ("exchange_funds", "ExchangeMovement"): "events::movement",
    ("report", "ReportKind"): "events::report_kind",
    ("playbook", "Channel"): "events::channel",
    # Plan data that lived beside its first reader.
    ("exchange_funds", "FallbackStep"): "plans::plan",
    ("contacts", "OrgNames"): "plans::playbook",
    # Helpers used below their old home.
    ("report", "review_allowed"): "incidents::review",
    ("report", "send_allowed"): "incidents::review",
    ("draft", "split_names"): "base::text",
    ("draft", "names_shown"): "base::text",
    ("packet", "is_valid_id"): "base::ids",
    ("packet", "MAX_ID_CHARS"): "base::ids",
    ("packet", "FileKind"): "base::file_kind",
    ("packet", "other_kind"): "base::file_kind",
    ("packet", "wrong_format"): "base::file_kind",
    ("integrity", "event_digest"): "events::canonical",
    # Files split by concern.
    ("calendar", "PLAUSIBLE_YEARS"): "base::calendar_import",
    ("calendar", "is_plausible_year"): "base::calendar_import",
    ("calendar", "DayKind"): "base::calendar_import",
    ("calendar", "stored_after_import"): "base::calendar_import",
    ("calendar", "YearPreview"): "base::calendar_import",
    ("calendar", "ImportPreview"): "base::calendar_import",
    ("calendar", "CalendarUndo"): "base::calendar_import",
    ("calendar", "Festival"): "base::holidays",
    ("calendar", "AssumedDay"): "base::holidays",
    ("calendar", "assumed_lines"): "base::holidays",
    ("calendar", "has_lunar_table"): "base::holidays",
    ("calendar", "statutory_fallback"): "base::holidays",
    ("report", "duties_settled_by"): "reports::sending",
    ("report", "reaches"): "reports::sending",
    ("report", "sent_events"): "reports::sending",
    ("incident", "IncidentState"): "incidents::state",
    ("incident", "LevelBasis"): "incidents::state",
    ("contacts", "FieldChange"): "business::contacts_merge",
    ("contacts", "ContactChange"): "business::contacts_merge",
    ("contacts", "MergePlan"): "business::contacts_merge",
    ("contacts", "plan_merge"): "business::contacts_merge",
    ("contacts", "ImportSummary"): "business::contacts_merge",
    ("contacts", "ImportUndo"): "business::contacts_merge",
}

FOLDERS = sorted({m.split("::")[0] for m in MODULES.values()})
assert not set(FOLDERS) & set(MODULES), "a folder named like an old module would break idempotence"
# The foldered module of each old one, back: a path already foldered
# (`business::ledger::CounterTransfer`) still follows an item that moved on.
OLD_OF = {new: old for old, new in MODULES.items()}
assert not any((OLD_OF.get(new), item) in MOVED for (_, item), new in MOVED.items()), "a moved item must not move again"

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# A domain path starts here: not after another path segment or identifier.
START = re.compile(r"(?<![\w:$])((?:\$crate|crate|incident_desk)::)?domain::")


def new_module(old, item):
    """Where `old::item` lives now (item may be None, 'self' or '*')."""
    if item and (old, item) in MOVED:
        return MOVED[(old, item)]
    return MODULES[old]


def old_module(segs):
    """The old module a leaf starts with, and how many segments name it (old or foldered)."""
    if segs and segs[0] in MODULES:
        return segs[0], 1
    if len(segs) >= 2 and "::".join(segs[:2]) in OLD_OF:
        return OLD_OF["::".join(segs[:2])], 2
    return None, 0


def map_leaf(segs):
    """A leaf of a use tree under `domain::`, as segments, to its new segments."""
    old, n = old_module(segs)
    if old is None:
        return segs
    item = segs[n] if len(segs) > n else None
    return new_module(old, item).split("::") + segs[n:]


class Unparsed(Exception):
    pass


def parse_tree(text, i):
    """Parses a use tree at text[i]; returns (leaves, end). A leaf is (segments, tail)
    where tail is '' or ' as x'; a glob is the segment '*'."""
    leaves = []
    j = skip_ws(text, i)
    if j < len(text) and text[j] == "{":
        items, j = parse_group(text, j)
        return items, j
    segs = []
    while True:
        m = re.compile(IDENT + r"|\*").match(text, j)
        if not m:
            raise Unparsed(j)
        segs.append(m.group(0))
        j = m.end()
        if segs[-1] == "*":
            break
        if text.startswith("::", j) and not text.startswith("::<", j):
            k = j + 2
            if k < len(text) and text[k] == "{":
                items, j = parse_group(text, k)
                for s, tail in items:
                    leaves.append((segs + s, tail))
                return leaves, j
            j = k
            continue
        break
    tail = ""
    m = re.compile(r"\s+as\s+(" + IDENT + ")").match(text, j)
    if m:
        tail = " as " + m.group(1)
        j = m.end()
    leaves.append((segs, tail))
    return leaves, j


def skip_ws(text, j):
    while j < len(text) and text[j] in " \t\r\n":
        j += 1
    return j


def parse_group(text, j):
    assert text[j] == "{"
    j += 1
    leaves = []
    while True:
        j = skip_ws(text, j)
        if j < len(text) and text[j] == "}":
            return leaves, j + 1
        items, j = parse_tree(text, j)
        leaves.extend(items)
        j = skip_ws(text, j)
        if j < len(text) and text[j] == ",":
            j += 1
        elif j < len(text) and text[j] == "}":
            return leaves, j + 1
        else:
            raise Unparsed(j)


def path_of(segs, tail):
    if segs[-1] == "self":
        return "::".join(segs[:-1]) + "::{self}" + tail
    return "::".join(segs) + tail


def render(leaves):
    """Leaves as one use tree: common prefixes grouped, in first-seen order."""
    if len(leaves) == 1:
        return path_of(*leaves[0])
    order, groups = [], {}
    for segs, tail in leaves:
        key = (segs[0], tail) if len(segs) == 1 else (segs[0], None)
        if key not in groups:
            groups[key] = []
            order.append(key)
        if len(segs) > 1:
            groups[key].append((segs[1:], tail))
    parts = []
    for name, tail in order:
        sub = groups[(name, tail)]
        parts.append(name + tail if tail is not None else name + "::" + render(sub))
    if len(parts) == 1:
        return parts[0]
    return "{" + ", ".join(parts) + "}"


def domain_trees(text):
    """Every domain path in the text: (start of the part after `domain::`, end, leaves)."""
    for m in START.finditer(text):
        try:
            leaves, end = parse_tree(text, m.end())
        except Unparsed:
            continue
        yield m.end(), end, leaves


def rewrite_paths(text):
    out, pos = [], 0
    for body, end, leaves in domain_trees(text):
        if body < pos:
            continue
        mapped = [(map_leaf(s), t) for s, t in leaves]
        if mapped == leaves:
            continue
        new = render(mapped)
        out.append(text[pos:body])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def bound_modules(text):
    """Old modules a file binds by name (`use crate::domain::M;`, `M::{self, …}`),
    so that `M::item` in it means the module."""
    found = set()
    for _, _, leaves in domain_trees(text):
        for segs, tail in leaves:
            old, n = old_module(segs)
            if old and segs[n:] in ([], ["self"]) and not tail:
                found.add(old)
    return found


def rewrite_aliases(text, prefix):
    for old in sorted(bound_modules(text)):
        for (mod, item), new_mod in MOVED.items():
            if mod == old:
                pat = re.compile(r"(?<![\w:])" + old + "::" + re.escape(item) + r"\b")
                text = pat.sub(prefix + "::domain::" + new_mod + "::" + item, text)
    return text


def rewrite_md(text):
    def sub(m):
        old = m.group(1)
        return "src/domain/" + MODULES[old].replace("::", "/") + ".rs" if old in MODULES else m.group(0)
    return re.sub(r"src/domain/(" + IDENT + r")\.rs", sub, text)


def crate_prefix(path):
    """`incident_desk` in the crate's integration tests (tests/, benches/, examples/), else `crate`."""
    here = os.path.dirname(os.path.abspath(path))
    while here != os.path.dirname(here) and not os.path.exists(os.path.join(here, "Cargo.toml")):
        here = os.path.dirname(here)
    first = os.path.relpath(os.path.abspath(path), here).split(os.sep)[0]
    return "incident_desk" if first in ("tests", "benches", "examples") else "crate"


def rewrite_file(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".md"):
        return text, rewrite_md(text)
    return text, rewrite_paths(rewrite_aliases(text, crate_prefix(path)))


def files_of(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                for n in sorted(names):
                    if n.endswith(".rs") or n.endswith(".md"):
                        yield os.path.join(root, n)
        else:
            yield a


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="files or folders (.rs and .md files in them)")
    ap.add_argument("--check", action="store_true", help="change nothing; list the files that would change")
    a = ap.parse_args()
    touched = []
    for path in files_of(a.paths):
        old, new = rewrite_file(path)
        if new != old:
            touched.append(path)
            if not a.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
    for p in touched:
        print(("would change " if a.check else "changed ") + p)
    if a.check and touched:
        sys.exit(1)


if __name__ == "__main__":
    main()
