# Production image: python:3.11-slim, non-root, gunicorn.
# (No Docker engine runs on the development machines; this file is kept correct by
# reading. See README "Production".)
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    PORT=8000

# libpq for psycopg is bundled in psycopg[binary]; Pillow ships manylinux wheels.
# pg_dump/pg_restore/psql (bookworm: 15, as the database) for backups and restores.
# fonts-noto-cjk + libcairo2: rich-menu images drawn by the admin (large Japanese text
# in Noto Sans CJK, SVG icons rasterised by CairoSVG; line_delivery/rich_menus/artwork.py).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends tini postgresql-client-15 \
       fonts-noto-cjk libcairo2 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 --shell /usr/sbin/nologin app
WORKDIR /app

COPY requirements/ requirements/
RUN pip install -r requirements/production.txt -c requirements/constraints.txt

COPY --chown=app:app . .

# base.py needs no environment, so static files can be collected at build time.
RUN DJANGO_SETTINGS_MODULE=cms.settings.base STATIC_ROOT=/app/var/static \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/backups /app/var/state \
    && chown -R app:app /app/var

USER app
ENV STATIC_ROOT=/app/var/static MEDIA_ROOT=/app/var/media \
    BACKUP_DIR=/app/var/backups MAINTENANCE_FLAG_FILE=/app/var/state/maintenance.on
EXPOSE 8000

ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "gunicorn cms.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips='*'"]
