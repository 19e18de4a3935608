"""
One switch between the two runners: `AQI_RUNNER=local|docker` (environment of the
dag-processor and workers). Both take the same argv from the `plan` task's XCom and the
same exit-code policy, so the DAG's shape does not depend on where steps run.
"""

from __future__ import annotations

from aqi_runtime import settings


def operator_class(runner: str | None = None):
    if (runner or settings.runner()) == "docker":
        from aqi_runtime.docker_runner import AqiDockerOperator

        return AqiDockerOperator
    from aqi_runtime.local_runner import AqiLocalOperator

    return AqiLocalOperator


def step_task(step: str, command, **kwargs):
    """One step as a task whose argv is `command` (an XComArg from the plan task)."""
    return operator_class()(task_id=step, step=step, command=command, **kwargs)


def mapped_step_task(step: str, commands, **kwargs):
    """One task per worker: `commands` resolves to a list of argv lists at run time."""
    return operator_class().partial(task_id=step, step=step, **kwargs).expand(command=commands)
