#pragma once

#include <coin/Cbc_C_Interface.h>

#include <memory>

namespace hotspot::detail {

struct CbcModelDeleter {
  void operator()(Cbc_Model* model) const noexcept { Cbc_deleteModel(model); }
};
using CbcModelPtr = std::unique_ptr<Cbc_Model, CbcModelDeleter>;

/// A new CBC model that prints nothing and maximises its objective.
inline CbcModelPtr new_maximising_cbc_model() {
  CbcModelPtr model(Cbc_newModel());
  Cbc_setLogLevel(model.get(), 0);
  Cbc_setObjSense(model.get(), -1);
  return model;
}

}  // namespace hotspot::detail
