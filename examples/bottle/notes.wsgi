# A small note store written with bottle (python3-bottle): runs unchanged on CPython 3 under
# mod_wsgi and on Jython 2.7 under wsgi4j.
import bottle
from bottle import Bottle, abort, request, response

app = Bottle()
_notes = {}


@app.get('/')
def index():
    return {'notes': sorted(_notes), 'bottle': bottle.__version__,
            'mount': request.script_name}


@app.get('/hello/<name>')
def hello(name):
    response.content_type = 'text/plain'
    return 'Hello %s from bottle %s\n' % (name, bottle.__version__)


@app.put('/note/<name:re:[a-z0-9_-]+>')
def save(name):
    _notes[name] = request.body.read()
    response.status = 201
    return {'saved': name, 'bytes': len(_notes[name])}


@app.get('/note/<name>')
def show(name):
    if name not in _notes:
        abort(404, 'No note called %s' % name)
    response.content_type = 'text/plain'
    return _notes[name]


application = app
