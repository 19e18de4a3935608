"""
How secrets reach a container without being readable from the engine: a container's
environment is shown in full by `docker inspect` (to anyone allowed to talk to the engine,
for as long as a failed container is kept), so the Docker runner writes each secret to a
file in a private folder of the worker, bind-mounts it read-only at
/run/secrets/aqi/<NAME> and passes only `<NAME>_FILE=<path>` through private_environment.
The CLI reads such files (tasks/config/secret-files.ts). The folder is removed when the
container has finished, whatever its outcome.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field

CONTAINER_DIR = "/run/secrets/aqi"


@dataclass
class SecretFiles:
    """Files for one container run; use as a context manager."""

    secrets: Mapping[str, str]
    parent: str | None = None
    folder: str | None = field(default=None, init=False)

    def __enter__(self) -> SecretFiles:
        # mkdtemp makes the folder 0700: no other local user can reach the files in it.
        self.folder = tempfile.mkdtemp(prefix="aqi-secrets-", dir=self.parent)
        for name, value in self.secrets.items():
            path = os.path.join(self.folder, name)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(value)
            # Readable by the container's unprivileged user, whose uid the worker's may not be;
            # the 0700 folder still keeps every other local user out.
            os.chmod(path, 0o444)
        return self

    def __exit__(self, *exc) -> None:
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def environment(self) -> dict[str, str]:
        return {f"{name}_FILE": f"{CONTAINER_DIR}/{name}" for name in self.secrets}

    def mounts(self) -> list:
        from docker.types import Mount

        assert self.folder, "SecretFiles used outside its `with` block"
        return [
            Mount(target=f"{CONTAINER_DIR}/{name}", source=os.path.join(self.folder, name), type="bind", read_only=True)
            for name in self.secrets
        ]
