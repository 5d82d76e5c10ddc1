import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
application = get_wsgi_application()

# The commands import the language coach's model (numpy, SciPy, scikit-learn) only when they use it; a server
# loads it as each worker starts, so that nobody's first coached page waits for it.
from alongside.language.classifier import default_model  # noqa: E402 - after Django is set up

default_model()
