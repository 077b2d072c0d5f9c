"""Reference output of PyYAML for the differential test: reads a JSON list of paths on stdin,
writes one JSON record per file (tokens, events, first load error, loaded documents) to argv[1]."""
import json
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


# Timestamps and !!binary stay strings in gitops-check (Kubernetes tools read them as text).
for tag in ('tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:binary'):
    Loader.add_constructor(tag, lambda loader, node: loader.construct_scalar(node))

STYLES = {None: 'plain', "'": 'single', '"': 'double', '|': 'literal', '>': 'folded'}


def canon(value):
    if isinstance(value, float):
        if value != value:
            return {'$float': 'nan'}
        if value in (float('inf'), float('-inf')):
            return {'$float': 'inf' if value > 0 else '-inf'}
        return value
    if isinstance(value, dict):
        return {key_name(k): canon(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    return value


def key_name(key):
    if isinstance(key, str):
        return key
    if key is True:
        return 'true'
    if key is False:
        return 'false'
    if key is None:
        return 'null'
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def error(text, exc):
    mark = getattr(exc, 'problem_mark', None)
    if mark is not None:
        return {'problem': exc.problem, 'line': mark.line, 'column': mark.column}
    position = exc.position
    line_start = max(text.rfind('\n', 0, position) + 1, 0)
    return {
        'problem': 'unacceptable character #x%04x: %s' % (exc.character, exc.reason),
        'line': text.count('\n', 0, position),
        'column': position - line_start,
    }


def marks(item):
    return [item.start_mark.line, item.start_mark.column, item.end_mark.line, item.end_mark.column]


def main():
    records = []
    for path in json.load(sys.stdin):
        with open(path, encoding='utf-8-sig', newline='') as f:
            text = f.read()
        tokens, events, docs, load_error = [], [], [], None
        try:
            for token in yaml.scan(text):
                entry = [type(token).__name__[:-5]] + marks(token)
                if isinstance(token, yaml.ScalarToken):
                    entry += [token.value, token.plain, STYLES[token.style]]
                tokens.append(entry)
        except yaml.YAMLError:
            pass
        try:
            for event in yaml.parse(text):
                entry = [type(event).__name__[:-5]] + marks(event)
                if isinstance(event, yaml.ScalarEvent):
                    entry += [event.value, event.implicit[0], STYLES[event.style], event.anchor, event.tag]
                elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    entry += [event.anchor, event.tag, bool(event.flow_style)]
                elif isinstance(event, yaml.AliasEvent):
                    entry += [event.anchor]
                events.append(entry)
        except yaml.YAMLError:
            pass
        try:
            for doc in yaml.load_all(text, Loader=Loader):
                docs.append(canon(doc))
        except yaml.YAMLError as exc:
            load_error = error(text, exc)
        except (ValueError, KeyError, TypeError, IndexError, RecursionError) as exc:
            # PyYAML's own crashes (`!!int x`, recursive aliases): recorded so the test can tell.
            load_error = {'problem': 'python %s' % type(exc).__name__, 'line': -1, 'column': -1}
        records.append({'path': path, 'tokens': tokens, 'events': events, 'docs': docs, 'error': load_error})
    with open(sys.argv[1], 'w', encoding='utf-8') as out:
        json.dump(records, out)


main()
