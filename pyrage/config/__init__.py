"""config.py's vocabulary: ``job``, the devices (``console``, ``time``, ``mclock``, ``pclock``,
``device``) and boot arguments (``arg``). See pyrage/config/dsl.py."""

from pyrage.config.dsl import arg as arg
from pyrage.config.dsl import console as console
from pyrage.config.dsl import device as device
from pyrage.config.dsl import job as job
from pyrage.config.dsl import mclock as mclock
from pyrage.config.dsl import pclock as pclock
from pyrage.config.dsl import time as time

__all__ = ["arg", "console", "device", "job", "mclock", "pclock", "time"]
