"""Django's database sessions, written once for the same data however often save() is called.

A view that must know its session is stored before it answers saves it itself (the consultation
form's thank-you: see intake.views), and then Django's session middleware saves every modified
session again: the same row written twice, each with its own commit. Here a save that finds the
data as it was last written writes nothing; the middleware still sends the cookie.
"""

import copy

from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    # The data as last written (a copy, so a change made inside a stored dict still counts).
    written = None

    def save(self, must_create=False):
        data = self._get_session(no_load=must_create)
        if not must_create and self.session_key is not None and data == self.written:
            return
        super().save(must_create)
        self.written = copy.deepcopy(data)
