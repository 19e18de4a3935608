"""
The Docker runner: DockerOperator running the pinned tasks image with the same argv as
the local runner. Non-secret settings become `environment` (compose service names unless
the `aqi_config` variable says otherwise); secrets are looked up from connections only
when the task executes and go to `private_environment`, which DockerOperator neither
templates, renders in the UI nor logs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from airflow.providers.docker.exceptions import DockerContainerFailedException, DockerContainerFailedSkipException
from airflow.providers.docker.operators.docker import DockerOperator

from aqi_runtime import settings
from aqi_runtime.outcome import NOTHING_TO_DO, last_summary, raise_for

_STATUS = re.compile(r"'StatusCode': (-?\d+)")


def exit_code_of(error: Exception) -> int | None:
    """DockerOperator reports the container's exit status only inside its message."""
    match = _STATUS.search(str(error))
    return int(match.group(1)) if match else None


class AqiDockerOperator(DockerOperator):
    """One `aqi` step in a container; `command` is the argv after the image's ENTRYPOINT."""

    ui_color = "#d8e4f0"

    def __init__(self, *, step: str, **kwargs) -> None:
        kwargs.setdefault("image", settings.image())
        kwargs.setdefault("docker_url", settings.docker_url())
        kwargs.setdefault("network_mode", settings.docker_network())
        kwargs.setdefault("environment", dict(settings.DOCKER_DEFAULTS))
        super().__init__(
            auto_remove="success",
            mount_tmp_dir=False,
            # The whole output is kept so that the summary is found even when a log line
            # on stderr arrives after it.
            xcom_all=True,
            skip_on_exit_code=NOTHING_TO_DO,
            tty=False,
            **kwargs,
        )
        self.step = step

    def execute(self, context):
        self.environment = {**self.environment, **settings.read_public_config()}
        self._private_environment = settings.read_secrets()
        try:
            lines = super().execute(context)
        except DockerContainerFailedSkipException as skip:
            return raise_for(self.step, NOTHING_TO_DO, last_summary(_as_lines(skip.logs)))
        except DockerContainerFailedException as failed:
            return raise_for(self.step, exit_code_of(failed), last_summary(_as_lines(failed.logs)))
        return raise_for(self.step, 0, last_summary(_as_lines(lines)))


def _as_lines(output: Sequence[str | bytes] | str | bytes | None) -> list[str]:
    if output is None:
        return []
    if isinstance(output, (str, bytes)):
        output = [output]
    text = [x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x) for x in output]
    return [line for chunk in text for line in chunk.splitlines()]
