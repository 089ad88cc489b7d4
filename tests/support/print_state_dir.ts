// Prints what stateDir() chooses under this process's permissions (for tests/state_dir_test.ts).
import { stateDir } from "../../src/platform/state_dir.ts";
console.log(stateDir());
