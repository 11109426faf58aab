FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XUNSHI_VAR_DIR=/var/lib/xunshi

RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app xunshi \
    && mkdir -p /var/lib/xunshi && chown xunshi /var/lib/xunshi

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock
COPY --chown=xunshi . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && chown -R xunshi /var/lib/xunshi

USER xunshi
EXPOSE 8000
CMD ["gunicorn", "xunshi.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
