# A WSGIAccessScript that does not compile.
def allow_access(environ, host:
    return True
