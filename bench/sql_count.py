"""Bench only: say in a header how many SQL queries a request made.

The publish storm tells a cached answer (no query at all) from a computed one
by this header, the same way with any version of the code.
"""

from django.db import connection


class CountQueries:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Bench-SQL"] = str(count)
        return response
