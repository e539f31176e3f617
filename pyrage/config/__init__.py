"""config.py's vocabulary: ``job``, the devices (``console``, ``time``, ``mclock``, ``pclock``,
``device``, ``netif``, ``stackv4``) and boot arguments (``arg``). See pyrage/config/dsl.py and
pyrage/config/network.py."""

from pyrage.config.dsl import arg as arg
from pyrage.config.dsl import console as console
from pyrage.config.dsl import device as device
from pyrage.config.dsl import job as job
from pyrage.config.dsl import mclock as mclock
from pyrage.config.dsl import pclock as pclock
from pyrage.config.dsl import time as time
from pyrage.config.network import netif as netif
from pyrage.config.network import stackv4 as stackv4

__all__ = ["arg", "console", "device", "job", "mclock", "netif", "pclock", "stackv4", "time"]
