import Casework
import EventLog

