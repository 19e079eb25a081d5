# A greeter written with WebOb (python3-webob): runs unchanged on CPython 3 under mod_wsgi and on
# Jython 2.7 under wsgi4j.
import json

from webob import Response, exc
from webob.dec import wsgify


@wsgify
def application(request):
    if request.path_info == '/':
        name = request.params.get('name', u'world')
        return Response(text=u'Hello, %s!\n' % name, content_type='text/plain',
                        charset='utf-8')
    if request.path_info == '/echo' and request.method == 'POST':
        body = json.dumps({'form': dict(request.POST), 'charset': request.charset},
                          sort_keys=True)
        return Response(body=body.encode('ascii'), content_type='application/json')
    if request.path_info == '/echo':
        raise exc.HTTPMethodNotAllowed(allow=['POST'])
    raise exc.HTTPNotFound('Nothing at %s' % request.path_info)
