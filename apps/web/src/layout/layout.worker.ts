/// <reference lib="webworker" />
import { type LayoutRequest, layOut } from '@meshplan/layout';

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  self.postMessage(await layOut(event.data));
};
