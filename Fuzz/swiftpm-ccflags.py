"""Prints, one per line, the -Xcc flags SwiftPM passed when it compiled SelarasFuzzTargets
(module maps and include paths of the C targets its dependencies import), read from the build
plan (BUILD_PATH/debug.yaml), so that Scripts/fuzz can compile a harness against that module."""
import json
import re
import sys

plan = open(sys.argv[1]).read()
start = plan.index('"C.SelarasFuzzTargets-')
args = json.loads("[" + re.search(r"args: \[(.*?)\]\n", plan[start:], re.S).group(1) + "]")
for i, arg in enumerate(args):
    if arg == "-Xcc" and i + 1 < len(args):
        print("-Xcc")
        print(args[i + 1])
