"""Hands the course's notebooks out to one learner without ever overwriting what the learner changed.

The learner's copy lives in ~/dlcourse. `.handout.json` there records the hash of every file as it was handed
out. On each server start (the hub's pre-spawn hook, or this file run as a command), for each course file:

- new to the learner (never handed out)                → copied in;
- handed out, then deleted by the learner              → copied in again (a fresh start of that notebook);
- handed out, unchanged by the learner, course updated → replaced by the course's new version;
- changed by the learner (or there before the hand-out) and the course's version is different
                                                      → the learner's file stays; the course's version is put
                                                        beside it as `<name>.course-<hash>.ipynb`, once;
- anything else                                        → left alone.

Files the learner made are never touched. The hub hands out into `<course>/learners/<name>` (linked from
~/dlcourse): inside the course's folder, a notebook finds the course's node_modules the way the course's own
notebooks do, and TypeScript can name every type of the library's dependencies (through a link it cannot: TS2742).
A learner folder elsewhere gets a `node_modules` link to the course's instead.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

STATE_FILE = ".handout.json"
HANDED_OUT = ("notebooks",)  # folders of the course copied to learners


def file_hash(path):
    """The sha256 of a file's bytes (12 hex digits are plenty to tell versions apart)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def course_files(course_dir):
    """Every handed-out file of the course, as paths relative to the course folder (checkpoints left out)."""
    found = []
    for folder in HANDED_OUT:
        for path in sorted((course_dir / folder).rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                found.append(path.relative_to(course_dir))
    return found


def beside(path, digest):
    """Where the course's version goes when the learner changed theirs: `name.course-<hash>.ext`."""
    return path.with_name(f"{path.stem}.course-{digest}{path.suffix}")


def decide(learner_file, recorded, course_digest):
    """What to do with one course file: 'copy', 'update', 'offer' (put beside), 'same' (already it) or 'keep'."""
    if not learner_file.exists():
        return "copy"
    learner_digest = file_hash(learner_file)
    if learner_digest == course_digest:
        return "same"
    if recorded == learner_digest:
        return "update"
    return "keep" if beside(learner_file, course_digest).exists() else "offer"


def hand_out(course_dir, learner_dir, owner=None):
    """Brings the learner's folder up to date with the course; returns {relative path: action} for what changed."""
    course_dir, learner_dir = Path(course_dir), Path(learner_dir)
    if not (course_dir / "notebooks").is_dir():
        raise SystemExit(f"handout: {course_dir} is not the course (no notebooks/ folder in it)")
    state_path = learner_dir / STATE_FILE
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    actions = {}
    for relative in course_files(course_dir):
        source, target = course_dir / relative, learner_dir / relative
        digest = file_hash(source)
        action = decide(target, state.get(str(relative)), digest)
        if action in ("copy", "update"):
            copy_as(source, target, owner, learner_dir)
        if action in ("copy", "update", "same"):
            state[str(relative)] = digest
        elif action == "offer":
            copy_as(source, beside(target, digest), owner, learner_dir)
        if action not in ("keep", "same"):
            actions[str(relative)] = action
    if not learner_dir.resolve().is_relative_to(course_dir.resolve()):
        link_node_modules(course_dir, learner_dir, owner)
    state_path.write_text(json.dumps(state, indent=1, sort_keys=True))
    chown(state_path, owner)
    return actions


def copy_as(source, target, owner, learner_dir):
    """Copies one file, creating its folders, all owned by the learner."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    for path in [target, *target.parents]:
        chown(path, owner)
        if path == learner_dir:
            break


def link_node_modules(course_dir, learner_dir, owner):
    """~/dlcourse/node_modules → the course's node_modules (shared, read-only for learners)."""
    link = learner_dir / "node_modules"
    if not link.exists() and not link.is_symlink():
        learner_dir.mkdir(parents=True, exist_ok=True)
        link.symlink_to(course_dir / "node_modules", target_is_directory=True)
        chown(link, owner)


def chown(path, owner):
    """Gives a path (or a link itself) to the learner, when running as root with an owner named."""
    if owner is not None and os.geteuid() == 0:
        os.lchown(path, *owner_ids(owner))


def owner_ids(owner):
    """A user's uid and gid."""
    import pwd

    entry = pwd.getpwnam(owner)
    return entry.pw_uid, entry.pw_gid


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", required=True, help="the course folder (holds notebooks/ and node_modules/)")
    parser.add_argument("--to", required=True, help="the learner's course folder, e.g. /home/ada/dlcourse")
    parser.add_argument("--owner", help="the learner's user name (files are given to them when run as root)")
    args = parser.parse_args(argv)
    json.dump(hand_out(args.course, args.to, args.owner), sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
