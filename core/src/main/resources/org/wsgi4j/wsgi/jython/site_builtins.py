# The builtins Python's site module adds (quit, exit, copyright, credits, license, help), for an
# interpreter whose site start-up wsgi4j applied itself (FastSite, docs/site.md). Same names,
# reprs and behaviour as Jython 2.7's site; the classes say they are site's, as there.
# Runs in a namespace of its own; install() sets them on the interpreter's __builtin__, as site does.
import sys


class Quitter(object):
    __module__ = 'site'

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return 'Use %s() or Ctrl-D (i.e. EOF) to exit' % self.name

    def __call__(self, code=None):
        # An interactive shell watches its stdin: closing it is how exit() reaches one.
        try:
            sys.stdin.close()
        except:
            pass
        raise SystemExit(code)


class _Printer(object):
    __module__ = 'site'
    MAXLINES = 23

    def __init__(self, name, data, files=(), dirs=None):
        self._name = name
        self._data = data
        self._files = files
        # None: the license's folders, found from os when first shown (importing os now would
        # cost every new interpreter what this module exists to save).
        self._dirs = dirs
        self._lines = None

    def _text_lines(self):
        if self._lines is None:
            import os
            dirs = self._dirs
            if dirs is None:
                here = os.path.dirname(os.__file__)
                dirs = [os.path.join(here, os.pardir), here, os.curdir]
            text = None
            for folder in dirs:
                for name in self._files:
                    try:
                        with open(os.path.join(folder, name), 'rU') as f:
                            text = f.read()
                        break
                    except IOError:
                        pass
                if text:
                    break
            self._lines = (text or self._data).split('\n')
        return self._lines

    def __repr__(self):
        lines = self._text_lines()
        if len(lines) > self.MAXLINES:
            return 'Type %s() to see the full %s text' % (self._name, self._name)
        return '\n'.join(lines)

    def __call__(self):
        lines = self._text_lines()
        shown = 0
        while shown < len(lines):
            for line in lines[shown:shown + self.MAXLINES]:
                print line
            shown += self.MAXLINES
            if shown >= len(lines):
                break
            answer = None
            while answer not in ('', 'q'):
                answer = raw_input('Hit Return for more, or q (and Return) to quit: ')
            if answer == 'q':
                break


class _Helper(object):
    __module__ = 'site'

    def __repr__(self):
        return ('Type help() for interactive help, '
                'or help(object) for help about object.')

    def __call__(self, *args, **kwds):
        import pydoc
        return pydoc.help(*args, **kwds)


def install():
    import __builtin__ as builtins
    builtins.quit = Quitter('quit')
    builtins.exit = Quitter('exit')
    builtins.copyright = _Printer('copyright', sys.copyright)
    builtins.credits = _Printer(
        'credits', 'Jython is maintained by the Jython developers (www.jython.org).')
    builtins.license = _Printer(
        'license', 'See http://www.python.org/%.3s/license.html' % sys.version,
        ['LICENSE.txt', 'LICENSE'])
    builtins.help = _Helper()
