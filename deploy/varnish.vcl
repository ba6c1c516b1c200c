# The HTTP cache in front of the balancer. It keeps what the app marks public
# (Cache-Control s-maxage), indexes it by the app's Surrogate-Key tags (xkey) and
# drops by tag what a publish purges (PURGE with an xkey-purge header).
vcl 4.1;

import xkey;

backend balancer {
    .host = "127.0.0.1";
    .port = "{BALANCER_PORT}";
}

acl purgers {
    "127.0.0.1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        # Behind a TLS terminator on this host every client is 127.0.0.1: the
        # address alone proves nothing, the app's secret (HTTP_CACHE_PURGE_SECRET)
        # does. `deploy/stack.py` writes it in place of the placeholder.
        if (client.ip !~ purgers
            || !req.http.X-Purge-Secret
            || req.http.X-Purge-Secret != "{PURGE_SECRET}") {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    # The secret stops here: never passed to the app, never logged behind us.
    unset req.http.X-Purge-Secret;
    # Visitors' own cookies (analytics and the like) do not make a page private;
    # a session or CSRF cookie does (Varnish then passes by default).
    if (req.http.Cookie !~ "(sessionid|csrftoken)=") {
        unset req.http.Cookie;
    }
}

sub vcl_backend_response {
    # The app varies every API answer on Origin (its CORS headers depend on
    # it); should one come without, it must not be kept for every origin.
    if (bereq.url ~ "^/graphql" && beresp.http.Vary !~ "(?i)\borigin\b") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
