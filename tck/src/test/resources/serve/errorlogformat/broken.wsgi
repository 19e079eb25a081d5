# broken.wsgi - a script that does not compile
def application(environ, start_response:
    pass
