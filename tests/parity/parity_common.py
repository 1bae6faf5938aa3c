"""What every parity script shares: its arguments and the fixture check."""
import argparse
import os
import shutil


def parse_args(description, work=True, extra=None):
    """--cli PATH --fixtures DIR [--work DIR]; the work folder is emptied.
    extra(parser), when given, adds the script's own arguments."""
    ap = argparse.ArgumentParser(description=description)
    if extra is not None:
        extra(ap)
    ap.add_argument("--cli", required=True, help="hialign-cli")
    ap.add_argument("--fixtures", required=True, help="the shared fixtures folder")
    if work:
        ap.add_argument("--work", required=True, help="scratch folder (emptied first)")
    args = ap.parse_args()
    if work:
        shutil.rmtree(args.work, ignore_errors=True)
        os.makedirs(args.work)
    return args


def missing_fixture(path):
    """None when `path` exists; else prints SKIP and returns the exit code:
    77 (skipped), or 1 under CI=true, where a skip is a failure."""
    if os.path.exists(path):
        return None
    print(f"SKIP: fixture missing: {path}")
    return 1 if os.environ.get("CI") == "true" else 77
