# A WSGIAccessScript without allow_access.
def check_password(environ, user, password):
    return True
