# A WSGIAuthUserScript that does not compile: mod_wsgi answers 500.
def check_password(environ, user, password:
    return True
