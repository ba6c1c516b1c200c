"""The kinds of application: each model with a `workflow`, a `status_token` and
`anonymised_at` registers here, and the shared machinery (status link,
retention) serves it."""

APPLICATION_MODELS = []


def register(model):
    if model not in APPLICATION_MODELS:
        APPLICATION_MODELS.append(model)
    return model


def find_by_status_token(token):
    """The application whose secret status link carries `token`, if still live."""
    if not token or len(token) > 64:
        return None
    for model in APPLICATION_MODELS:
        found = model.objects.filter(
            status_token=token, anonymised_at__isnull=True
        ).first()
        if found:
            return found
    return None
