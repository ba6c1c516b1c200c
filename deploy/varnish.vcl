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
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    # Visitors' own cookies (analytics and the like) do not make a page private;
    # a session or CSRF cookie does (Varnish then passes by default).
    if (req.http.Cookie !~ "(sessionid|csrftoken)=") {
        unset req.http.Cookie;
    }
}

sub vcl_backend_response {
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
