SITE_NAME = "Django app 2"
