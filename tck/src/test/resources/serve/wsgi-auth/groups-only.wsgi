# A WSGIAuthUserScript without check_password: mod_wsgi answers 500.
def groups_for_user(environ, user):
    return ['admins']
