SITE_NAME = "Django app 1"
