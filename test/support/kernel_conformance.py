"""The official kernel conformance suite (jupyter_kernel_test) on our TypeScript kernel, with TypeScript samples."""
import sys
import unittest

import jupyter_kernel_test as jkt


class TypeScriptKernelTests(jkt.KernelTests):
    kernel_name = "tslab"  # our kernelspec keeps the name the notebooks ask for
    language_name = "typescript"
    file_extension = ".ts"
    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'
    completion_samples = [{"text": "Math.fl", "matches": {"floor"}}]
    complete_code_samples = ["const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const s = `abc"]
    invalid_code_samples = ["a b c;;;", "const = 5"]
    code_generate_error = 'throw new Error("deliberate")'
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": '"a" + "b"', "result": "'ab'"}]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.floor"
    code_display_data = [{"code": 'kernelApi().display({ "text/plain": "shown" })', "mime": "text/plain"}]
    code_clear_output = "kernelApi().clearOutput()"

    @classmethod
    def setUpClass(cls):
        """Starts the kernel and defines kernelApi(), the kernel's display functions, for the samples."""
        super().setUpClass()
        api = 'const kernelApi = () => (globalThis as any)[Symbol.for("dlcourse.kernel")];'
        cls.kc.execute_interactive(api, timeout=60)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])  # argv[1] is the result file runKernelDriver passes; unused here
