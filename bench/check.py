#!/usr/bin/env python3
"""Compares `tokenlint scan --format json` output with the corpus manifest: every planted token found
(same path, line, fingerprint and status), nothing else reported. Prints the counts; exits 1 on any
difference, listing it."""
import json
import sys

manifest = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))

want = {(e["path"], e["line"], e["fingerprint"]): e["status"] for e in manifest["expected"]}
got = {}
for r in report["results"] + report["suppressed"]:
    got[(r["path"], r["line"], r["token"]["fingerprint"])] = r["status"]

missing = sorted(set(want) - set(got))
extra = sorted(set(got) - set(want))
wrong = sorted(k for k in set(want) & set(got) if want[k] != got[k])
print(f"planted {len(want)}, reported {len(got)}, found {len(want) - len(missing)}, "
      f"missing {len(missing)}, extra {len(extra)}, wrong status {len(wrong)}")
for k in missing[:20]:
    print("  missing", k, want[k])
for k in extra[:20]:
    print("  extra  ", k, got[k])
for k in wrong[:20]:
    print("  status ", k, "want", want[k], "got", got[k])
sys.exit(1 if missing or extra or wrong else 0)
