"""expect.py RESULT.json ASSERTION... - check an Ansible module's result.

Each assertion is KEY=JSON (the value equals), KEY~=TEXT (the value, as
text, contains TEXT) or KEY!=JSON (differs).  KEY may name nested values
with dots (report.summary.fail).  Prints every mismatch; exit status 1 if
there was one, 2 if the result is not JSON.
"""
import json
import sys


def lookup(doc, key):
    for part in key.split('.'):
        if isinstance(doc, dict) and part in doc:
            doc = doc[part]
        else:
            raise KeyError(key)
    return doc


def main():
    raw = open(sys.argv[1]).read()
    try:
        doc = json.loads(raw)
    except ValueError as e:
        print('not JSON (%s): %s' % (e, raw[:400]))
        return 2
    bad = 0
    for a in sys.argv[2:]:
        for op in ('~=', '!=', '='):
            if op in a:
                key, want = a.split(op, 1)
                break
        try:
            # Ansible reads a result without "failed" as not failed.
            got = lookup(doc, key) if key != 'failed' else doc.get('failed', False)
        except KeyError:
            print('%s: missing from the result' % key)
            bad += 1
            continue
        if op == '~=':
            ok = want in (got if isinstance(got, str) else json.dumps(got))
        elif op == '=':
            ok = got == json.loads(want)
        else:
            ok = got != json.loads(want)
        if not ok:
            print('%s: got %s, expected %s %s' % (key, json.dumps(got)[:300], op, want))
            bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
