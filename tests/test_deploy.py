"""deploy/: the systemd unit passes `systemd-analyze verify`, the nginx site `nginx -t`, and both agree
with the service's own settings. Each runs where its tool is installed (.ci/run installs both)."""

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from config.settings import ENV_KEYS, load_settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNIT, SITE = DEPLOY / "gongkai.service", DEPLOY / "nginx-gongkai.conf"
INSTALLED_GONGKAI = "/opt/gongkai/venv/bin/gongkai"


def _directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_unit_verifies(tmp_path):
    text = UNIT.read_text()
    unit = _directives(text)
    assert unit["Restart"] == ["always"] and unit["User"] == ["gongkai"] and unit["StateDirectory"] == ["gongkai"]
    assert unit["EnvironmentFile"] == ["/etc/gongkai/gongkai.env"]
    assert "GONGKAI_DATA_DIR=/var/lib/gongkai" in unit["Environment"]
    assert unit["ExecStart"] == [f"{INSTALLED_GONGKAI} serve"]
    # verify insists that ExecStart's program exists: point it at an executable this machine has.
    copy = tmp_path / "gongkai.service"
    copy.write_text(text.replace(INSTALLED_GONGKAI, shutil.which("gongkai") or shutil.which("python3")))
    checked = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gongkai.test")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + timedelta(days=1))
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_the_nginx_site_passes_nginx_t(tmp_path):
    cert, key = _self_signed(tmp_path)
    site = tmp_path / "gongkai.conf"
    site.write_text(SITE.read_text().replace("/etc/ssl/gongkai/fullchain.pem", str(cert))
                    .replace("/etc/ssl/gongkai/privkey.pem", str(key)))
    main = tmp_path / "nginx.conf"  # what /etc/nginx/nginx.conf gives a site: the http block around it
    main.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{\n    access_log off;\n    include {site};\n}}\n")
    checked = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(main), "-e", str(tmp_path / "error.log")],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and "test is successful" in checked.stderr, checked.stderr


def test_nginx_gives_slow_clients_and_bodies_what_the_service_gives_them():
    site, settings = SITE.read_text(), load_settings({})

    def seconds(directive: str) -> float:
        return float(re.search(rf"^\s*{directive} (\d+)s;", site, re.M).group(1))

    assert seconds("client_header_timeout") == settings.get("service", "request_timeout_seconds")
    assert seconds("client_body_timeout") == settings.get("service", "body_timeout_seconds")
    assert seconds("proxy_read_timeout") > settings.get("wechat", "reply_budget_seconds")
    body = re.search(r"^\s*client_max_body_size (\d+)k;", site, re.M).group(1)
    assert int(body) * 1024 == settings.get("wechat", "max_body_bytes")
    assert "server 127.0.0.1:8080;" in site and settings.get("service", "port") == 8080


def test_the_environment_file_names_only_settings_the_service_reads():
    names = re.findall(r"^#?(GONGKAI_\w+)=", (DEPLOY / "gongkai.env.example").read_text(), re.M)
    assert names and set(names) <= set(ENV_KEYS)
    assert {"GONGKAI_WECHAT_TOKEN", "GONGKAI_SECRET_KEY", "GONGKAI_DATABASE_URL"} <= set(names)


def test_the_command_wrapper_reads_the_service_settings():
    script = (DEPLOY / "gongkai-cli").read_text()
    assert ". /etc/gongkai/gongkai.env" in script and f'exec {INSTALLED_GONGKAI} "$@"' in script
    assert subprocess.run(["sh", "-n", str(DEPLOY / "gongkai-cli")], timeout=10).returncode == 0
