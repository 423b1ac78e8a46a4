#!/usr/bin/python3
"""Lists every format string given to err_fail/err_usage/err_set/err_notfound/
err_conflict/err_prefix in the C sources named on the command line.

Output (stdout) is a C fragment, one `{"src/file.c", "format"},` per line (each
format once per file), for `#include` into an array initialiser
(tests/unit/test_text_messages_vi.c).  With --plain, each format once, one a
line, as the C source spells it (escapes kept).  Only literal formats are
seen: a format that is not a literal cannot be translated."""
import re
import sys

CALL = re.compile(r'\berr_(fail|usage|set|prefix|notfound|conflict)\s*\(')
LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def skip_space(src, i):
    while i < len(src):
        if src[i].isspace():
            i += 1
        elif src.startswith('//', i):
            i = src.index('\n', i)
        elif src.startswith('/*', i):
            i = src.index('*/', i) + 2
        else:
            break
    return i


def skip_arg(src, i):
    """Skips one argument (up to the comma at depth 0)."""
    depth = 0
    while i < len(src):
        c = src[i]
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                return None
            depth -= 1
        elif c == ',' and depth == 0:
            return i + 1
        elif c == '"':
            m = LIT.match(src, i)
            i = m.end()
            continue
        i += 1
    return None


def formats(src):
    for m in CALL.finditer(src):
        i = skip_arg(src, m.end())          # the struct err *
        if i is None:
            continue
        if m.group(1) == 'set':
            i = skip_arg(src, i)            # the kind
            if i is None:
                continue
        i = skip_space(src, i)
        parts = []
        while True:
            lit = LIT.match(src, i)
            if not lit:
                break
            parts.append(lit.group(1))
            i = skip_space(src, lit.end())
        if parts and src[i] in ',)':
            yield ''.join(parts)


def main():
    plain = sys.argv[1:2] == ['--plain']
    files = sys.argv[2:] if plain else sys.argv[1:]
    seen = set()
    for path in sorted(files):
        if path.endswith('base/err.c') or path.endswith('base/err.h'):
            continue
        with open(path, encoding='utf-8') as f:
            src = f.read()
        for fmt in sorted(set(formats(src)), key=lambda s: s.encode()):
            if not plain:
                print('{"%s", "%s"},' % (path, fmt))
            elif fmt not in seen:
                print(fmt)
            seen.add(fmt)


main()
