#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check cgscope's JSON output against its schemas (Documentation/json/).

  json_schema.py SCHEMA_DIR --records DIR [--sample N]
      every cgscope run recorded in DIR by lib.sh's cgscope wrapper
      (N.args: the arguments, NUL-separated; N.out: standard output;
      N.rc: exit status), each against the schema of its command; with
      --sample, N of them evenly spread (the churn test records hundreds)
  json_schema.py SCHEMA_DIR --tree DIR
      as --records for each directory DIR/TEST.PID (one test's runs,
      gathered by run_tests.sh; a file .sample in it holds N), with one
      summary line per test
  json_schema.py SCHEMA_DIR --lines NAME FILE...
      every line of FILE (cgscope -j watch) against schema NAME
  json_schema.py SCHEMA_DIR --file NAME FILE...
      each FILE against schema NAME

Prints one line per output that does not match, and a summary; exits 0
when all match, 1 when one does not, 2 on a usage error.  An output of
{"error": ...} is held against error.schema.json.
"""
import json
import warnings
import os
import sys

try:
    import jsonschema
except ImportError:
    print('json_schema.py: python3-jsonschema is not installed', file=sys.stderr)
    sys.exit(2)

warnings.filterwarnings("ignore", category=DeprecationWarning)

OBJECTS = ['info', 'roots', 'tree', 'csets', 'task', 'devices', 'check',
           'access', 'ns', 'watch', 'events', 'dying', 'memcg', 'snapshot',
           'diff', 'help']


def unique_prefix(word, words):
    if word in words:
        return word
    found = [w for w in words if w.startswith(word)]
    return found[0] if len(found) == 1 else None


def schema_of(args):
    """The schema name for a cgscope command line, or None (no JSON)."""
    json_opt = False
    i = 0
    while i < len(args) and args[i].startswith('-'):
        a = args[i]
        if a in ('--json', '--pretty') or (not a.startswith('--') and
                                           ('j' in a or 'p' in a)):
            json_opt = True
        if a in ('-V', '--version', '-h', '--help'):
            return None
        i += 1
    if i == len(args):
        return None
    obj = unique_prefix(args[i], OBJECTS)
    rest = args[i + 1:]
    if obj == 'snapshot':
        return 'snapshot'
    if not json_opt or obj in (None, 'help'):
        return None
    if rest and rest[0] == 'help':
        return None
    if obj == 'task':
        return 'task-list' if not rest or 'list'.startswith(rest[0]) else 'task'
    if obj == 'ns':
        return 'ns-list' if rest and 'list'.startswith(rest[0]) else 'ns'
    if obj == 'events':
        return 'events-stats' if '--stats' in rest else 'events'
    if obj == 'dying':
        return 'memcg-files' if '--why' in rest else 'dying'
    if obj == 'memcg':
        return 'memcg-files' if '--files' in rest else 'memcg'
    return obj


class Checker:
    def __init__(self, schema_dir):
        self.dir = os.path.abspath(schema_dir)
        self.validators = {}
        self.bad = 0
        self.good = 0

    def validator(self, name):
        if name not in self.validators:
            path = os.path.join(self.dir, name + '.schema.json')
            with open(path) as f:
                schema = json.load(f)
            # a schema that is not one would check nothing
            jsonschema.Draft7Validator.check_schema(schema)
            resolver = jsonschema.RefResolver('file://' + self.dir + '/', schema)
            self.validators[name] = jsonschema.Draft7Validator(schema, resolver=resolver)
        return self.validators[name]

    def check(self, what, name, text):
        try:
            doc = json.loads(text)
        except ValueError as e:
            self.fail(what, f'not JSON ({e}): {text[:120]!r}')
            return
        if isinstance(doc, dict) and set(doc) == {'error'}:
            name = 'error'
        errors = sorted(self.validator(name).iter_errors(doc),
                        key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            # of the alternatives of a oneOf, the one that came closest
            while e.context:
                e = jsonschema.exceptions.best_match(e.context)
            where = '/'.join(str(p) for p in e.absolute_path) or '(top)'
            self.fail(what, f'{name}.schema.json: at {where}: {e.message[:300]}'
                      f'{" (and %d more)" % (len(errors) - 1) if len(errors) > 1 else ""}')
        else:
            self.good += 1

    def fail(self, what, msg):
        self.bad += 1
        print(f'{what}: {msg}')


def check_records(c, rec, sample=0, prefix=''):
    """The runs recorded in @rec (all, or @sample of them evenly spread)."""
    runs = sorted(f for f in os.listdir(rec) if f.endswith('.rc'))
    if sample and sample < len(runs):
        print(f'{prefix}a sample of {sample} of {len(runs)} runs')
        runs = [runs[i * len(runs) // sample] for i in range(sample)]
    for f in runs:
        base = os.path.join(rec, f[:-3])
        with open(base + '.args', 'rb') as fa:
            args = [a.decode(errors='replace')
                    for a in fa.read().split(b'\0')[:-1]]
        name = schema_of(args)
        if not name:
            continue
        with open(base + '.out', 'rb') as fo:
            out = fo.read().decode(errors='replace')
        what = prefix + 'cgscope ' + ' '.join(args)
        if not out.strip():
            with open(base + '.rc') as fr:
                rc = fr.read().strip()
            if rc == '0':
                c.fail(what, 'exit status 0 and no JSON')
            continue
        if name == 'watch':
            for n, line in enumerate(out.splitlines(), 1):
                if line.strip():
                    c.check(f'{what} (line {n})', name, line)
        else:
            c.check(what, name, out)


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    c = Checker(argv[1])
    mode = argv[2]
    if mode == '--records':
        sample = int(argv[5]) if len(argv) == 6 and argv[4] == '--sample' else 0
        check_records(c, argv[3], sample)
    elif mode == '--tree':
        for t in sorted(os.listdir(argv[3])):
            d = os.path.join(argv[3], t)
            try:
                sample = int(open(os.path.join(d, '.sample')).read())
            except (OSError, ValueError):
                sample = 0
            good, bad = c.good, c.bad
            check_records(c, d, sample, t.rsplit('.', 1)[0] + ': ')
            print(f'{t.rsplit(".", 1)[0]}: {c.good - good} outputs match, {c.bad - bad} do not')
    elif mode in ('--lines', '--file'):
        name = argv[3]
        for path in argv[4:]:
            with open(path, 'rb') as f:
                text = f.read().decode(errors='replace')
            if mode == '--file':
                c.check(path, name, text)
                continue
            for n, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    c.check(f'{path}:{n}', name, line)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(f'json_schema.py: {c.good} outputs match their schemas, {c.bad} do not')
    return 1 if c.bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
