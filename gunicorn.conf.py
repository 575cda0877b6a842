"""gunicorn's settings that belong to the project rather than to one deployment (gunicorn reads this file from the
directory it starts in; the Procfile's flags choose the rest).

The access log names the method, the path without its query string, the status, the size and the time. A query
string can carry a secret: a draft's preview token (/api/feed/v1/preview/?token=…), or what a reader searched for;
the referrer, which repeats the previous page's query string, is left out for the same reason.

Each new worker warms its search up before it takes requests (``post_worker_init``): its first search would otherwise
wait about 2 s for the text normalisers, the thesaurus and the encoder (search.knowledge_search.warm_up).
"""

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


def post_worker_init(worker):
    from search.knowledge_search import warm_up  # the application, and so Django, is loaded by now

    warm_up()
