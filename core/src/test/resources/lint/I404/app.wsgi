import os
MODE = os.environ.get('APP_MODE', 'dev')
def application(environ, start_response):
    start_response('200 OK', [])
    return [b'ok']
