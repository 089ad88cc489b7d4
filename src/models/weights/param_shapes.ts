/**
 * The parameters a config's model has, by state_dict name and shape,
 * found without allocating them: makeModel builds the model against a
 * ParamStore that only writes each request down, over a backend whose
 * storages are sizes and nothing else (PyTorch's "meta" device does the
 * same). The checkpoint loader compares a file's tensors with this list
 * before reading any of their values, from the same model code that will
 * ask for them, so the two cannot drift apart.
 */
import type { Backend } from "../../engine/backend/contract.ts";
import { sizeOf, Tensor } from "../../engine/tensor.ts";
import type { AnyModelConfig } from "../config.ts";
import { makeModel } from "../make_model.ts";
import { type Init, ParamStore } from "./param_store.ts";

/** A meta storage: the element count only. */
interface MetaStorage {
  readonly elements: number;
}

/**
 * A backend that can create and release storages of a size and nothing
 * else: building a model only creates parameters, so anything more is a
 * bug worth a clear message.
 */
const metaBackend = new Proxy({
  name: "cpu",
  deviceName: "meta (shapes only)",
  stats: { roundTrips: 0, dispatches: 0, liveBytes: 0 },
  alloc: (n: number): MetaStorage => ({ elements: n }),
  length: (s: MetaStorage): number => s.elements,
  release: (): void => {},
}, {
  get(target, property) {
    if (property in target) return target[property as keyof typeof target];
    return () => {
      throw new Error(
        `the shapes-only backend cannot run ${
          String(property)
        }: building a model must only create parameters`,
      );
    };
  },
}) as unknown as Backend<MetaStorage>;

/** A ParamStore that records each parameter's name and shape and allocates nothing. */
class ShapeRecorder extends ParamStore {
  readonly shapes = new Map<string, number[]>();

  constructor() {
    super(metaBackend);
  }

  override param(name: string, shape: readonly number[], _init: Init): Tensor {
    if (this.shapes.has(name)) throw new Error(`parameter ${name} was created twice`);
    this.shapes.set(name, [...shape]);
    return new Tensor(metaBackend, metaBackend.alloc(sizeOf(shape)), shape);
  }
}

/** The parameters of `config`'s model in creation order: state_dict name -> shape. */
export function parameterShapes(config: AnyModelConfig): Map<string, number[]> {
  const recorder = new ShapeRecorder();
  makeModel(config, recorder);
  return recorder.shapes;
}
