"""Several Ollama daemons: hosts, `model@host` refs, probes, placement and weights compared."""

from workbench.fleet.fleet import Fleet, UnknownHost
from workbench.fleet.in_flight import InFlight
from workbench.fleet.placement import PlacementError, hosts_with, place
from workbench.fleet.refs import ModelRef, model_key, parse_ref
from workbench.fleet.state import HostState, probe_host
from workbench.fleet.weights import ModelOnHost, weights_table
from workbench.hosts import Host, host_label, parse_hosts
