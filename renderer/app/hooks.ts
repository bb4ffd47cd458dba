import { createAsyncThunk } from '@reduxjs/toolkit';
import { useDispatch, useSelector } from 'react-redux';
import type { WorkbenchApi } from '../../shared/ipc/workbench-api.ts';
import { bridgeFailure, type BridgeFailure } from '../data/bridge.ts';
import type { AppDispatch, RootState, ThunkExtra } from './store.ts';

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();
export const createAppAsyncThunk = createAsyncThunk.withTypes<{
  state: RootState;
  dispatch: AppDispatch;
  extra: ThunkExtra;
  rejectValue: BridgeFailure;
}>();

/**
 * A thunk that talks to main through the injected bridge; a failure becomes
 * the rejection's payload (a message fit for the UI) instead of an exception.
 */
export function createBridgeThunk<Returned, Arg = undefined>(
  type: string,
  run: (arg: Arg, bridge: WorkbenchApi) => Promise<Returned>,
) {
  return createAppAsyncThunk<Returned, Arg>(type, async (arg, { extra, rejectWithValue }) => {
    try {
      return await run(arg, extra.bridge);
    } catch (error) {
      return rejectWithValue(bridgeFailure(error));
    }
  });
}
