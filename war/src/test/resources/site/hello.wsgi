# A WSGI application served through the deployed WAR (Jython 2.7).
def application(environ, start_response):
    body = 'hello from %s%s in group %s\n' % (
        environ['SCRIPT_NAME'], environ['PATH_INFO'], environ['mod_wsgi.process_group'])
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]
