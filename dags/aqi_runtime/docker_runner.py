"""
The Docker runner: DockerOperator running the pinned tasks image with the same argv as
the local runner. The container shares the host's network (the local stack binds
127.0.0.1) and gets the same non-secret settings as the local runner's child: the worker's
AQI_*/WAQI_* environment, then the `aqi_config` variable. Secrets are looked up only when
the task executes and arrive as read-only files named in private_environment
(secret_files.py): neither templated, rendered, logged nor visible to `docker inspect`.

A container is removed after success (or skip) and kept after a failure, for `docker logs`
and `docker inspect` (AQI_DOCKER_AUTO_REMOVE=never|force changes that). The removal is done
here: DockerOperator's own `auto_remove="success"` removes failed containers too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from airflow.providers.docker.exceptions import DockerContainerFailedException, DockerContainerFailedSkipException
from airflow.providers.docker.operators.docker import DockerOperator

from aqi_runtime import settings
from aqi_runtime.outcome import NOTHING_TO_DO, last_summary, raise_for
from aqi_runtime.secret_files import SecretFiles

_STATUS = re.compile(r"'StatusCode': (-?\d+)")


def exit_code_of(error: Exception) -> int | None:
    """DockerOperator reports the container's exit status only inside its message."""
    match = _STATUS.search(str(error))
    return int(match.group(1)) if match else None


class AqiDockerOperator(DockerOperator):
    """One `aqi` step in a container; `command` is the argv after the image's ENTRYPOINT."""

    ui_color = "#d8e4f0"

    def __init__(self, *, step: str, **kwargs) -> None:
        network = kwargs.setdefault("network_mode", settings.docker_network())
        kwargs.setdefault("image", settings.image())
        kwargs.setdefault("docker_url", settings.docker_url())
        kwargs.setdefault("environment", settings.container_defaults(network))
        kwargs.setdefault("mem_limit", settings.docker_mem_limit())
        self.remove_policy = kwargs.pop("auto_remove", None) or settings.docker_auto_remove()
        super().__init__(
            auto_remove="never",
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
        self.environment = {**self.environment, **settings.worker_step_environment(), **settings.read_public_config()}
        self._require_image()
        secrets = {**settings.environment_secrets(), **settings.read_secrets()}
        self.log.info("running %s %s", self.image, " ".join(map(str, self.command or [])))
        self.labels = {**(self.labels or {}), **labels_of(context, self.step)}
        with SecretFiles(secrets, parent=settings.secrets_dir()) as files:
            self.mounts = [*self.mounts, *files.mounts()]
            self._private_environment = files.environment
            try:
                lines = super().execute(context)
            except DockerContainerFailedSkipException as skip:
                self._remove_container(failed=False)
                return raise_for(self.step, NOTHING_TO_DO, last_summary(_as_lines(skip.logs)))
            except DockerContainerFailedException as failed:
                code = exit_code_of(failed)
                self._report_oom(code)
                self._remove_container(failed=True)
                return raise_for(self.step, code, last_summary(_as_lines(failed.logs)))
        self._remove_container(failed=False)
        return raise_for(self.step, 0, last_summary(_as_lines(lines)))

    def _require_image(self) -> None:
        """A missing image is a setup mistake, not something to pull: no registry serves it."""
        from airflow.sdk.exceptions import AirflowException, AirflowFailException
        from docker.errors import DockerException

        try:
            found = self.cli.images(name=self.image)
        except DockerException as error:
            # The engine may come back (make up SERVICES=docker): retried like any outage.
            raise AirflowException(
                f"no Docker engine answers at {self.docker_url}: start it with 'make up SERVICES=docker', "
                f"or run the steps locally with AQI_RUNNER=local ({type(error).__name__})"
            ) from None
        if not found:
            raise AirflowFailException(f"image {self.image} is not built on the engine at {self.docker_url}: run 'make image'")

    def _report_oom(self, code: int | None) -> None:
        """The OOM killer's 137 looks like any SIGKILL: only the engine knows the difference."""
        from docker.errors import DockerException

        if not self.container:
            return
        try:
            state = self.cli.inspect_container(self.container["Id"])["State"]
        except DockerException:
            return
        if state.get("OOMKilled"):
            self.log.error("aqi %s was killed by the OOM killer (exit %s, mem_limit %s): raise AQI_DOCKER_MEM_LIMIT", self.step, code, self.mem_limit)

    def _remove_container(self, *, failed: bool) -> None:
        from docker.errors import DockerException

        if not self.container or self.remove_policy == "never" or (failed and self.remove_policy != "force"):
            if self.container and failed:
                self.log.error("the container is kept for inspection: docker logs %s", self.container["Id"][:12])
            return
        try:
            self.cli.remove_container(self.container["Id"], force=True)
        except DockerException as error:
            self.log.warning("could not remove container %s: %s", self.container["Id"][:12], error)


def labels_of(context, step: str) -> dict[str, str]:
    """Which task a container belongs to, for `docker ps -a --filter label=aqi.run_id=...`."""
    ti = context.get("ti") if hasattr(context, "get") else None
    labels = {"aqi.step": step}
    if ti is not None:
        labels |= {"aqi.dag_id": str(ti.dag_id), "aqi.task_id": str(ti.task_id), "aqi.run_id": str(ti.run_id), "aqi.map_index": str(getattr(ti, "map_index", -1))}
    return labels


def _as_lines(output: Sequence[str | bytes] | str | bytes | None) -> list[str]:
    if output is None:
        return []
    if isinstance(output, (str, bytes)):
        output = [output]
    text = [x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x) for x in output]
    return [line for chunk in text for line in chunk.splitlines()]
