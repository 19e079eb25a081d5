#!/usr/bin/python
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'django_app2'))
os.environ['DJANGO_SETTINGS_MODULE'] = 'django_app2.settings'
from django.core.handlers.wsgi import WSGIHandler
application = WSGIHandler()
