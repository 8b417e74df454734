import ArgumentParser
import NashFormats

extension GameFormat: ExpressibleByArgument {}
